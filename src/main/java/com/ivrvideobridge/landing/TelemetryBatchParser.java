package com.ivrvideobridge.landing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.web.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads a telemetry batch from the landing page:
 * {@code {"sessionId", "sessionKey", "events": [{"id", "type", "timestamp", "position", "duration",
 * "played": [[start, end], ...], "rebufferMs", "detail", "startupMs"}]}}. The whole batch is checked before
 * anything is recorded: one bad event refuses the batch (400, naming it), so nothing half-lands.
 */
@Component
public class TelemetryBatchParser {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final int MAX_RANGES = 100;
    private static final double MAX_SECONDS = 24 * 3600;

    private final ObjectMapper json;
    private final LandingProperties properties;

    public TelemetryBatchParser(ObjectMapper json, LandingProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    public TelemetryBatch parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_json", null, "The body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest(null, "The body must be a JSON object with sessionId, sessionKey and events");
        }
        JsonNode events = root.path("events");
        if (!events.isArray() || events.isEmpty()) {
            throw ApiException.badRequest("events", "events must be a non-empty array");
        }
        if (events.size() > properties.maxEventsPerBatch()) {
            throw ApiException.badRequest("events", "At most " + properties.maxEventsPerBatch() + " events per batch");
        }
        List<TelemetryBatch.Event> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            TelemetryBatch.Event event = event(events.get(i), "events[" + i + "]");
            if (!ids.add(event.id())) {
                throw ApiException.badRequest("events[" + i + "].id", "Event id repeated within the batch");
            }
            parsed.add(event);
        }
        return new TelemetryBatch(text(root, "sessionId"), text(root, "sessionKey"), parsed);
    }

    private TelemetryBatch.Event event(JsonNode node, String name) {
        if (!node.isObject()) {
            throw ApiException.badRequest(name, name + " must be an object");
        }
        String id = text(node, "id");
        if (!EVENT_ID.matcher(id).matches()) {
            throw ApiException.badRequest(name + ".id", "id must be 8 to 64 letters, digits, '-' or '_'");
        }
        PlaybackEventType type;
        try {
            type = PlaybackEventType.valueOf(text(node, "type"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ".type", "Unknown event type");
        }
        Instant timestamp;
        try {
            timestamp = Instant.parse(text(node, "timestamp"));
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    name + ".timestamp", "timestamp must be ISO-8601 UTC, e.g. 2026-01-01T10:00:00.000Z");
        }
        Double duration = seconds(node, "duration", name);
        Double position = seconds(node, "position", name);
        List<double[]> played = ranges(node.path("played"), name + ".played");
        Double rebuffer = seconds(node, "rebufferMs", name);
        Double startup = seconds(node, "startupMs", name);
        String detail = node.hasNonNull("detail") ? truncate(node.get("detail").asText(), 200) : null;
        if (type.isMilestone() && (duration == null || duration <= 0)) {
            throw ApiException.badRequest(name + ".duration", type + " needs the video's duration");
        }
        return new TelemetryBatch.Event(
                id,
                type,
                timestamp,
                position,
                duration,
                played,
                rebuffer == null ? null : rebuffer.longValue(),
                detail,
                startup == null ? null : startup.longValue());
    }

    private static List<double[]> ranges(JsonNode node, String name) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_RANGES) {
            throw ApiException.badRequest(
                    name, "played must be an array of at most " + MAX_RANGES + " [start, end] pairs");
        }
        List<double[]> ranges = new ArrayList<>();
        for (JsonNode pair : node) {
            if (!pair.isArray()
                    || pair.size() != 2
                    || !pair.get(0).isNumber()
                    || !pair.get(1).isNumber()) {
                throw ApiException.badRequest(name, "Each played range must be [start, end] in seconds");
            }
            double start = pair.get(0).asDouble();
            double end = pair.get(1).asDouble();
            if (!(start >= 0 && end >= start && end <= MAX_SECONDS)) {
                throw ApiException.badRequest(name, "Each played range must have 0 <= start <= end");
            }
            ranges.add(new double[] {start, end});
        }
        return ranges;
    }

    private static Double seconds(JsonNode node, String field, String name) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()
                || !Double.isFinite(value.asDouble())
                || value.asDouble() < 0
                || value.asDouble() > MAX_SECONDS * 1000) {
            throw ApiException.badRequest(name + "." + field, field + " must be a non-negative number");
        }
        return value.asDouble();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.badRequest(field, field + " is required (a string)");
        }
        return value.asText();
    }

    private static String truncate(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
