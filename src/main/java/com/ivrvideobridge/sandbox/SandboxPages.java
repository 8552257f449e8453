package com.ivrvideobridge.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Deliveries;
import com.ivrvideobridge.handoff.Handoffs;
import com.ivrvideobridge.sms.OpenMessagingSignature;
import com.ivrvideobridge.sms.SmsProperties;
import com.ivrvideobridge.web.ApiException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox page ({@code /sandbox}, Basic credentials with an API key: DashboardAuthFilter):
 * what would have gone to Genesys and the SMS gateway, a handoff's timeline, and buttons that play
 * the SMS provider's delivery outcome (what the bridge's next status poll of a Genesys agentless
 * SMS hears, or a signed receipt sent to the service's own receipt endpoint).
 */
@RestController
@ConditionalOnProperty("bridge.sandbox.enabled")
public class SandboxPages implements WebMvcConfigurer {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SandboxRecorder recorder;
    private final SandboxTexts texts;
    private final Handoffs handoffs;
    private final Deliveries deliveries;
    private final SmsProperties sms;
    private final ObjectMapper json;
    private final int port;

    public SandboxPages(SandboxRecorder recorder, SandboxTexts texts, Handoffs handoffs, Deliveries deliveries,
                        SmsProperties sms, ObjectMapper json, @Value("${server.port}") int port) {
        this.recorder = recorder;
        this.texts = texts;
        this.handoffs = handoffs;
        this.deliveries = deliveries;
        this.sms = sms;
        this.json = json;
        this.port = port;
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/sandbox").setViewName("forward:/sandbox/index.html");
    }

    @GetMapping("/sandbox/calls")
    public List<SandboxRecorder.RecordedCall> calls() {
        return recorder.calls();
    }

    @GetMapping(value = "/sandbox/handoffs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> handoff(@PathVariable String id) {
        try {
            return ResponseEntity.ok(handoffs.view(id));
        } catch (ApiException e) {
            return ResponseEntity.status(e.getStatus()).body(Map.of("error", e.getCode(), "message", e.getMessage()));
        }
    }

    /**
     * The SMS provider reports on the handoff's text: {@code delivered} or {@code failed}. A Genesys
     * agentless SMS (the sandbox's default) has no receipts: the bridge polls its status, so the
     * sandbox's Genesys answers the next poll with {@code delivery-success} or {@code delivery-failed}.
     * Any other text gets a Genesys Open Messaging receipt signed with {@code bridge.sms.open-messaging.secret}.
     */
    @PostMapping(value = "/sandbox/receipts", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> receipt(@RequestParam String handoffId, @RequestParam String status) throws Exception {
        if (!status.equals("delivered") && !status.equals("failed")) {
            return ResponseEntity.badRequest().body("{\"error\":\"invalid_request\",\"field\":\"status\",\"message\":\"status must be delivered or failed\"}");
        }
        String messageId = deliveries.providerMessageId(handoffId, "sms").orElse(null);
        if (messageId == null) {
            return ResponseEntity.status(404).body("{\"error\":\"not_sent\",\"message\":\"No text was sent for this handoff\"}");
        }
        String pollAnswer = status.equals("delivered") ? SandboxTexts.DELIVERED : SandboxTexts.FAILED;
        if (texts.answerNext(messageId, pollAnswer)) {
            return ResponseEntity.ok(json.writeValueAsString(Map.of("result", "next status poll answers " + pollAnswer)));
        }
        Map<String, Object> receipt = status.equals("delivered")
                ? Map.of("id", messageId, "type", "Receipt", "status", "Delivered", "direction", "Outbound", "isFinalReceipt", true)
                : Map.of("id", messageId, "type", "Receipt", "status", "Failed", "direction", "Outbound", "isFinalReceipt", true,
                        "reasons", List.of(Map.of("code", "RecipientOptedOut", "message", "Recipient opted out")));
        byte[] body = json.writeValueAsBytes(receipt);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/messaging/receipts"))
                .header("Content-Type", "application/json")
                .header(OpenMessagingSignature.HEADER, OpenMessagingSignature.compute(sms.openMessaging().secret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return ResponseEntity.status(answer.statusCode()).body(answer.body());
    }
}
