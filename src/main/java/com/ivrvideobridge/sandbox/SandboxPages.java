package com.ivrvideobridge.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.agent.AgentRouting;
import com.ivrvideobridge.handoff.Deliveries;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.Handoffs;
import com.ivrvideobridge.security.WebhookProperties;
import com.ivrvideobridge.sms.OpenMessagingSignature;
import com.ivrvideobridge.sms.SmsProperties;
import com.ivrvideobridge.web.ApiException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
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
 * what would have gone to Genesys and the SMS gateway, a handoff's timeline and the path its
 * caller took to an agent, and buttons that play the SMS provider's delivery outcome (what the
 * bridge's next status poll of a Genesys agentless SMS hears, or a signed receipt sent to the
 * service's own receipt endpoint), the caller hanging up, and Architect asking for the decision.
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

    private final HandoffStore store;
    private final WebhookProperties webhook;
    private final SandboxAnalytics analytics;

    public SandboxPages(
            SandboxRecorder recorder,
            SandboxTexts texts,
            Handoffs handoffs,
            Deliveries deliveries,
            SmsProperties sms,
            ObjectMapper json,
            @Value("${server.port}") int port,
            HandoffStore store,
            WebhookProperties webhook,
            SandboxAnalytics analytics) {
        this.analytics = analytics;
        this.store = store;
        this.webhook = webhook;
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

    /** The handoff's state and history, and how an escalated caller reached an agent (agentPath). */
    @GetMapping(value = "/sandbox/handoffs/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> handoff(@PathVariable String id) {
        try {
            String path = store.fields(id, List.of(AgentRouting.PATH)).get(AgentRouting.PATH);
            return ResponseEntity.ok(Map.of("agentPath", path == null ? "" : path, "handoff", handoffs.view(id)));
        } catch (ApiException e) {
            return ResponseEntity.status(e.getStatus()).body(Map.of("error", e.getCode(), "message", e.getMessage()));
        }
    }

    /** The caller of this handoff's voice call hangs up: from now the stand-in's call conversation says disconnected. */
    @PostMapping(value = "/sandbox/hangup", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> hangUp(@RequestParam String handoffId) {
        return callerLeaves(
                handoffId,
                "hung up",
                h -> analytics.hungUp(h.call().conversationId(), h.call().phoneNumber(), h.createdAt()));
    }

    /**
     * The caller of this handoff calls again (after hanging up): Genesys analytics will show a later
     * inbound call from the same number, which an agent took: the outcome is a repeat contact.
     */
    @PostMapping(value = "/sandbox/call-again", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> callAgain(@RequestParam String handoffId) {
        return callerLeaves(
                handoffId,
                "called again",
                h -> analytics.calledAgain(h.call().conversationId(), h.call().phoneNumber(), h.createdAt()));
    }

    /** The handoff's caller leaves the call (and {@code then} plays what Genesys analytics will show). */
    private ResponseEntity<Object> callerLeaves(String handoffId, String what, Consumer<Handoff> then) {
        return store.find(handoffId)
                .<ResponseEntity<Object>>map(handoff -> {
                    recorder.hangUp(handoff.call().conversationId());
                    then.accept(handoff);
                    return ResponseEntity.ok(
                            Map.of("conversationId", handoff.call().conversationId(), "caller", what));
                })
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", "handoff_not_found")));
    }

    /** Plays Architect's wait loop once: asks the real decision endpoint with the data action's credentials. */
    @PostMapping(value = "/sandbox/decision", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> decision(@RequestParam String handoffId) throws Exception {
        String credentials = Base64.getEncoder()
                .encodeToString((webhook.username() + ":" + webhook.password()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/handoffs/"
                                + URLEncoder.encode(handoffId, StandardCharsets.UTF_8) + "/decision"))
                        .header("Authorization", "Basic " + credentials)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200
                && "agent".equals(json.readTree(answer.body()).path("action").asText())) {
            // Architect follows the decision: Transfer to ACD, where an agent takes the call (its analytics show it).
            store.find(handoffId)
                    .ifPresent(h -> analytics.transferred(
                            h.call().conversationId(), h.call().phoneNumber(), h.createdAt()));
        }
        return ResponseEntity.status(answer.statusCode()).body(answer.body());
    }

    /**
     * The SMS provider reports on the handoff's text: {@code delivered} or {@code failed}. A Genesys
     * agentless SMS (the sandbox's default) has no receipts: the bridge polls its status, so the
     * sandbox's Genesys answers the next poll with {@code delivery-success} or {@code delivery-failed}.
     * Any other text gets a Genesys Open Messaging receipt signed with {@code bridge.sms.open-messaging.secret}.
     */
    @PostMapping(value = "/sandbox/receipts", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> receipt(@RequestParam String handoffId, @RequestParam String status)
            throws Exception {
        if (!status.equals("delivered") && !status.equals("failed")) {
            return ResponseEntity.badRequest()
                    .body(
                            "{\"error\":\"invalid_request\",\"field\":\"status\",\"message\":\"status must be delivered or failed\"}");
        }
        String messageId = deliveries.providerMessageId(handoffId, "sms").orElse(null);
        if (messageId == null) {
            return ResponseEntity.status(404)
                    .body("{\"error\":\"not_sent\",\"message\":\"No text was sent for this handoff\"}");
        }
        String pollAnswer = status.equals("delivered") ? SandboxTexts.DELIVERED : SandboxTexts.FAILED;
        if (texts.answerNext(messageId, pollAnswer)) {
            return ResponseEntity.ok(
                    json.writeValueAsString(Map.of("result", "next status poll answers " + pollAnswer)));
        }
        Map<String, Object> receipt = SandboxTexts.receipt(messageId, status.equals("delivered"));
        byte[] body = json.writeValueAsBytes(receipt);
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/messaging/receipts"))
                        .header("Content-Type", "application/json")
                        .header(
                                OpenMessagingSignature.HEADER,
                                OpenMessagingSignature.compute(
                                        sms.openMessaging().secret(), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return ResponseEntity.status(answer.statusCode()).body(answer.body());
    }
}
