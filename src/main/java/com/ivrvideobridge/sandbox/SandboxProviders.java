package com.ivrvideobridge.sandbox;

import com.ivrvideobridge.genesys.GenesysProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Genesys Cloud and Twilio stand-ins of the {@code local} profile: its default
 * {@code bridge.genesys.login-url}, {@code api-url} and {@code bridge.sms.twilio.api-url} point here.
 * Each call is checked (client credentials, then the Bearer token it issued), recorded for the
 * sandbox page, and answered with the real API's shape (shared/genesys-api.md; analytics:
 * {@link SandboxAnalytics}). Pointing those
 * settings elsewhere (a real org, a stub) bypasses it. Never on outside {@code bridge.sandbox.enabled}.
 */
@RestController
@ConditionalOnProperty("bridge.sandbox.enabled")
public class SandboxProviders {

    private static final String TOKEN = "sandbox-" + UUID.randomUUID();

    /** GET /api/v2/conversations/messages/{conversationId}/messages/{messageId}: a message's status. */
    private static final Pattern MESSAGE = Pattern.compile("/api/v2/conversations/messages/([^/]+)/messages/([^/]+)");
    /** GET /api/v2/analytics/conversations/{conversationId}/details: what the outcome job reads (SandboxAnalytics). */
    private static final Pattern DETAILS = Pattern.compile("/api/v2/analytics/conversations/([^/]+)/details");

    private final SandboxRecorder recorder;
    private final GenesysProperties genesys;
    private final SandboxTexts texts;
    private final SandboxAnalytics analytics;

    public SandboxProviders(
            SandboxRecorder recorder, GenesysProperties genesys, SandboxTexts texts, SandboxAnalytics analytics) {
        this.recorder = recorder;
        this.genesys = genesys;
        this.texts = texts;
        this.analytics = analytics;
    }

    /** OAuth client credentials grant, as login.{region} answers it. */
    @PostMapping("/sandbox-genesys-login/oauth/token")
    public ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                (genesys.clientId() + ":" + genesys.clientSecret()).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(request.getHeader("Authorization"))) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid_client"));
        }
        return ResponseEntity.ok(Map.of("access_token", TOKEN, "token_type", "bearer", "expires_in", 86400));
    }

    /** Every Genesys Cloud API call the routes make. */
    @RequestMapping("/sandbox-genesys/api/v2/**")
    public ResponseEntity<Object> genesys(HttpServletRequest request, @RequestBody(required = false) String body) {
        String path = request.getRequestURI().substring("/sandbox-genesys".length());
        if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
            recorder.record("genesys", request.getMethod(), path, body, 401);
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .body(Map.of(
                            "message", "Invalid login credentials.", "code", "authentication.required", "status", 401));
        }
        String id = UUID.randomUUID().toString();
        ResponseEntity<Object> answer;
        if (path.matches("/api/v2/conversations/messages/[^/]+/communications/[^/]+/messages")) {
            answer = ResponseEntity.ok(Map.of("id", id, "channel", Map.of("type", "webmessaging"), "status", "sent"));
        } else if (path.equals("/api/v2/conversations/messages/agentless")) {
            String conversationId = UUID.randomUUID().toString();
            texts.sent(id);
            answer = ResponseEntity.accepted()
                    .body(Map.of(
                            "id",
                            id,
                            "conversationId",
                            conversationId,
                            "messengerType",
                            "sms",
                            "timestamp",
                            Instant.now().toString(),
                            "selfUri",
                            "/api/v2/conversations/messages/agentless/" + id,
                            "message",
                            texts.message(conversationId, id, "queued")));
        } else if (request.getMethod().equals("GET") && MESSAGE.matcher(path).matches()) {
            Matcher message = MESSAGE.matcher(path);
            message.matches();
            String status = texts.status(message.group(2));
            answer = status == null
                    ? notFound(path)
                    : ResponseEntity.ok(texts.message(message.group(1), message.group(2), status));
        } else if (path.equals("/api/v2/conversations/callbacks")) {
            analytics.callbackPlaced(id);
            answer = ResponseEntity.ok(Map.of(
                    "conversation",
                    Map.of("id", id),
                    "callbackIdentifiers",
                    List.of(Map.of("type", "EXTERNAL", "id", id))));
        } else if ("GET".equals(request.getMethod()) && DETAILS.matcher(path).matches()) {
            Matcher details = DETAILS.matcher(path);
            details.matches();
            answer = found(analytics.details(details.group(1)), path);
        } else if (path.equals("/api/v2/analytics/conversations/details/query")) {
            answer = queried(body);
        } else if ("GET".equals(request.getMethod()) && path.startsWith("/api/v2/routing/wrapupcodes/")) {
            answer = found(analytics.wrapUpCode(path.substring(path.lastIndexOf('/') + 1)), path);
        } else if ("GET".equals(request.getMethod()) && path.matches("/api/v2/conversations/calls/[^/]+")) {
            answer = ResponseEntity.ok(callConversation(path.substring(path.lastIndexOf('/') + 1)));
        } else if (path.endsWith("/attributes")
                || path.endsWith("/replace")
                || path.endsWith("/replace/queue")
                || path.endsWith("/appevents")) {
            answer = ResponseEntity.accepted().build();
        } else {
            answer = notFound(path);
        }
        recorder.record(
                "genesys",
                request.getMethod(),
                path,
                body,
                answer.getStatusCode().value());
        return answer;
    }

    /**
     * The voice call (CallConversation): a customer, the IVR and the queue it came through. The
     * caller stays on the line (connected) until the sandbox page's "Caller hangs up" button.
     */
    private Map<String, Object> callConversation(String conversationId) {
        boolean gone = recorder.hasHungUp(conversationId);
        String state = gone ? "disconnected" : "connected";
        Map<String, Object> customer = new java.util.LinkedHashMap<>(Map.of(
                "id",
                "sandbox-customer-" + conversationId,
                "purpose",
                "customer",
                "state",
                state,
                "direction",
                "inbound",
                "startTime",
                "2026-01-01T00:00:00.000Z"));
        Map<String, Object> ivr = new java.util.LinkedHashMap<>(Map.of(
                "id",
                "sandbox-ivr-" + conversationId,
                "purpose",
                "ivr",
                "state",
                state,
                "direction",
                "inbound",
                "startTime",
                "2026-01-01T00:00:01.000Z"));
        if (gone) {
            customer.put("endTime", "2026-01-01T00:05:00.000Z");
            ivr.put("endTime", "2026-01-01T00:05:00.000Z");
        }
        return Map.of(
                "id",
                conversationId,
                "participants",
                List.of(customer, ivr),
                "recentTransfers",
                List.of(),
                "selfUri",
                "/api/v2/conversations/calls/" + conversationId);
    }

    private static ResponseEntity<Object> found(Object body, String path) {
        return body == null ? notFound(path) : ResponseEntity.ok(body);
    }

    private ResponseEntity<Object> queried(String body) {
        try {
            return ResponseEntity.ok(analytics.query(body));
        } catch (java.io.IOException e) {
            return ResponseEntity.badRequest()
                    .body(Map.of("message", "Unreadable query", "code", "bad.request", "status", 400));
        }
    }

    private static ResponseEntity<Object> notFound(String path) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(Map.of("message", "Not in the sandbox: " + path, "code", "not.found", "status", 404));
    }

    /** Twilio's Messages resource (form POST, HTTP Basic with the account SID and auth token). */
    @PostMapping("/sandbox-twilio/2010-04-01/Accounts/{account}/Messages.json")
    public ResponseEntity<Map<String, Object>> twilio(
            HttpServletRequest request, @RequestBody(required = false) String body) {
        String path = request.getRequestURI().substring("/sandbox-twilio".length());
        recorder.record("twilio", "POST", path, body, 201);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("sid", "SM" + UUID.randomUUID().toString().replace("-", ""), "status", "queued"));
    }
}
