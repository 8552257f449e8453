package com.ivrvideobridge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffEvent;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.outcome.CallOutcomes;
import com.ivrvideobridge.outcome.Outcome;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Header;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/v1/reports/funnel} (routes/reports/funnel-report-http.yaml): the engagement funnel per asset
 * and channel for the handoffs offered in [from, to), optionally of one asset, channel or device
 * type; {@code format=jsonl} exports one line per handoff ({@link HandoffFacts}) for a warehouse.
 * Each row also counts the calls' outcomes (resolution and repeat-contact rates, the escalations'
 * wrap-up codes: {@link FunnelRow}).
 * Read from Redis, so it covers the last {@code bridge.handoff.state-ttl} (7 days by default);
 * Kafka keeps the full event history.
 */
@Component("funnelReport")
public class FunnelReport {

    private static final Set<String> CHANNELS = Set.of("web", "sms", "agent");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** Most wrap-up codes a row lists. */
    static final int TOP_WRAP_UP_CODES = 5;

    private final StringRedisTemplate redis;
    private final HandoffStore store;
    private final HandoffProperties handoffs;
    private final ObjectMapper json;
    private final Clock clock;

    public FunnelReport(
            StringRedisTemplate redis, HandoffStore store, HandoffProperties handoffs, ObjectMapper json, Clock clock) {
        this.redis = redis;
        this.store = store;
        this.handoffs = handoffs;
        this.json = json;
        this.clock = clock;
    }

    /** The report as the HTTP answer has it: its content type and text. */
    public record Answer(String contentType, String body) {}

    /** The route's entry: the query (its parameters arrive as headers), answered as JSON or JSON Lines. */
    public Answer answer(
            @Header("from") String fromText,
            @Header("to") String toText,
            @Header("assetId") String assetId,
            @Header("channel") String channel,
            @Header("deviceType") String deviceType,
            @Header("format") String formatText)
            throws JsonProcessingException {
        Instant to = time(toText, "to", clock.instant());
        Instant from =
                fromText == null || fromText.isBlank() ? to.minus(Duration.ofDays(1)) : time(fromText, "from", null);
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from", "from must be before to");
        }
        if (channel != null && !CHANNELS.contains(channel)) {
            throw ApiException.badRequest("channel", "channel must be one of web, sms, agent");
        }
        if (deviceType != null && !handoffs.getDeviceTypes().contains(deviceType)) {
            throw ApiException.badRequest("deviceType", "deviceType must be one of " + handoffs.getDeviceTypes());
        }
        String format = formatText == null ? "json" : formatText;
        if (!format.equals("json") && !format.equals("jsonl")) {
            throw ApiException.badRequest("format", "format must be json or jsonl");
        }
        List<HandoffFacts> facts = facts(from, to).stream()
                .filter(f -> matches(assetId, f.assetId()))
                .filter(f -> matches(channel, f.channel()))
                .filter(f -> matches(deviceType, f.deviceType()))
                .toList();
        if (format.equals("jsonl")) {
            StringBuilder lines = new StringBuilder();
            for (HandoffFacts f : facts) {
                lines.append(json.writeValueAsString(f)).append('\n');
            }
            return new Answer("application/x-ndjson", lines.toString());
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("from", from);
        report.put("to", to);
        report.put("rows", rows(facts));
        report.put("escalationsByHour", escalationsByHour(facts));
        return new Answer("application/json", json.writeValueAsString(report));
    }

    /** Every handoff offered in [from, to), with the times it reached each stage. */
    public List<HandoffFacts> facts(Instant from, Instant to) {
        Set<String> ids =
                redis.opsForZSet().rangeByScore(HandoffStore.OFFERED_INDEX, from.toEpochMilli(), to.toEpochMilli() - 1);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> ordered = new ArrayList<>(ids);
        List<Object> raw = redis.executePipelined((RedisCallback<Object>) connection -> {
            StringRedisConnection c = (StringRedisConnection) connection;
            for (String id : ordered) {
                c.hMGet("bridge:handoff:" + id, "handoff", "escalationReason", CallOutcomes.OUTCOME);
                c.lRange("bridge:handoff:" + id + ":history", 0, -1);
                c.hGetAll("bridge:handoff:" + id + ":reached");
            }
            return null;
        });
        List<HandoffFacts> facts = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            @SuppressWarnings("unchecked")
            List<String> fields = (List<String>) raw.get(3 * i);
            if (fields == null || fields.get(0) == null) {
                continue; // expired meanwhile
            }
            @SuppressWarnings("unchecked")
            List<String> history = (List<String>) raw.get(3 * i + 1);
            @SuppressWarnings("unchecked")
            Map<String, String> reached = (Map<String, String>) raw.get(3 * i + 2);
            facts.add(facts(store.readHandoff(fields.get(0)), fields.get(1), history, reached, outcome(fields.get(2))));
        }
        return facts;
    }

    private Outcome outcome(String value) {
        try {
            return value == null ? null : json.readValue(value, Outcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outcome in Redis", e);
        }
    }

    private HandoffFacts facts(
            Handoff h, String escalationReason, List<String> history, Map<String, String> reached, Outcome outcome) {
        Map<HandoffStatus, Instant> at = new LinkedHashMap<>();
        for (String line : history) {
            HandoffEvent event = store.readEvent(line);
            if (event.status() != null) {
                at.putIfAbsent(event.status(), event.at());
            }
        }
        Function<String, Instant> milestone =
                name -> reached.containsKey(name) ? Instant.parse(reached.get(name)) : null;
        return new HandoffFacts(
                h.id(),
                h.call().conversationId(),
                h.call().assetId(),
                h.channel(),
                h.call().deviceType(),
                h.createdAt(),
                at.get(HandoffStatus.SENT),
                at.get(HandoffStatus.DELIVERED),
                at.get(HandoffStatus.OPENED),
                at.get(HandoffStatus.STARTED),
                milestone.apply("QUARTILE_25"),
                milestone.apply("QUARTILE_50"),
                milestone.apply("QUARTILE_75"),
                at.get(HandoffStatus.COMPLETED),
                at.get(HandoffStatus.FAILED),
                at.get(HandoffStatus.ESCALATED),
                escalationReason,
                reached.containsKey("watchedPercent") ? Integer.valueOf(reached.get("watchedPercent")) : null,
                outcome == null ? null : outcome.type(),
                outcome == null ? null : outcome.wrapUpCode(),
                outcome == null ? null : outcome.handleSeconds(),
                outcome == null ? null : outcome.decidedAt(),
                milestone.apply("START_CLICKED"),
                number(reached, "startupMs"),
                number(reached, "rebufferMs"),
                number(reached, "watchedMs"));
    }

    private static Long number(Map<String, String> reached, String name) {
        return reached.containsKey(name) ? Long.valueOf(reached.get(name)) : null;
    }

    static List<FunnelRow> rows(List<HandoffFacts> facts) {
        Map<String, List<HandoffFacts>> groups = facts.stream()
                .collect(Collectors.groupingBy(
                        f -> f.assetId() + "\u0000" + f.channel(), TreeMap::new, Collectors.toList()));
        List<FunnelRow> rows = new ArrayList<>();
        groups.forEach((groupKey, group) -> {
            List<String> key =
                    List.of(group.get(0).assetId(), String.valueOf(group.get(0).channel()));
            long offered = group.size();
            long started = count(group, HandoffFacts::startedAt);
            long completed = count(group, HandoffFacts::completedAt);
            Map<String, Long> byReason = group.stream()
                    .filter(f -> f.escalatedAt() != null)
                    .collect(Collectors.groupingBy(
                            f -> String.valueOf(f.escalationReason()), TreeMap::new, Collectors.counting()));
            rows.add(new FunnelRow(
                    key.get(0),
                    key.get(1),
                    offered,
                    count(group, HandoffFacts::sentAt),
                    count(group, HandoffFacts::deliveredAt),
                    count(group, HandoffFacts::openedAt),
                    started,
                    count(group, HandoffFacts::quartile25At),
                    count(group, HandoffFacts::quartile50At),
                    count(group, HandoffFacts::quartile75At),
                    completed,
                    count(group, HandoffFacts::escalatedAt),
                    byReason,
                    count(group, HandoffFacts::failedAt),
                    rate(completed, offered),
                    rate(completed, started),
                    median(group.stream()
                            .filter(f -> f.openedAt() != null)
                            .map(f -> Duration.between(f.offeredAt(), f.openedAt())
                                            .toMillis()
                                    / 1000.0)
                            .toList()),
                    median(group.stream()
                            .filter(f -> f.startedAt() != null && f.watchedPercent() != null)
                            .map(f -> f.watchedPercent().doubleValue())
                            .toList()),
                    outcomes(group),
                    rate(outcome(group, Outcome.RESOLVED), decided(group, f -> true)),
                    rate(outcome(group, Outcome.RESOLVED), decided(group, f -> f.completedAt() != null)),
                    rate(outcome(group, Outcome.REPEAT), decided(group, f -> true)),
                    topWrapUpCodes(group),
                    percentile(startupTimes(group), 0.5),
                    percentile(startupTimes(group), 0.9),
                    rate(
                            group.stream()
                                    .filter(f -> f.startPressedAt() != null && f.startedAt() == null)
                                    .count(),
                            group.stream()
                                    .filter(f -> f.startPressedAt() != null)
                                    .count()),
                    rebufferRatio(group)));
        });
        return rows;
    }

    /** How many of each outcome, and {@code pending} for those not decided yet. */
    private static Map<String, Long> outcomes(List<HandoffFacts> group) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Outcome.TYPES.forEach(type -> counts.put(type, outcome(group, type)));
        counts.put("pending", group.stream().filter(f -> f.outcome() == null).count());
        return counts;
    }

    private static long outcome(List<HandoffFacts> group, String type) {
        return group.stream().filter(f -> type.equals(f.outcome())).count();
    }

    private static long decided(List<HandoffFacts> group, java.util.function.Predicate<HandoffFacts> which) {
        return group.stream().filter(f -> f.outcome() != null).filter(which).count();
    }

    /** The wrap-up codes of the escalations, most frequent first (at most {@link #TOP_WRAP_UP_CODES}). */
    private static Map<String, Long> topWrapUpCodes(List<HandoffFacts> group) {
        Map<String, Long> counts = group.stream()
                .filter(f -> Outcome.ESCALATED.equals(f.outcome()) && f.wrapUpCode() != null)
                .collect(Collectors.groupingBy(HandoffFacts::wrapUpCode, TreeMap::new, Collectors.counting()));
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP_WRAP_UP_CODES)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    private static List<Long> startupTimes(List<HandoffFacts> group) {
        return group.stream()
                .map(HandoffFacts::startupMs)
                .filter(Objects::nonNull)
                .sorted()
                .toList();
    }

    /** The nearest-rank percentile of sorted values, or null. */
    static Long percentile(List<Long> sorted, double share) {
        return sorted.isEmpty() ? null : sorted.get((int) Math.ceil(share * sorted.size()) - 1);
    }

    /** Time stalled over time stalled and watched, of the handoffs that started. */
    private static Double rebufferRatio(List<HandoffFacts> group) {
        long stalled = 0;
        long watched = 0;
        for (HandoffFacts f : group) {
            if (f.startedAt() != null) {
                stalled += f.rebufferMs() == null ? 0 : f.rebufferMs();
                watched += f.watchedMs() == null ? 0 : f.watchedMs();
            }
        }
        return stalled + watched == 0 ? null : Math.round(10_000.0 * stalled / (stalled + watched)) / 10_000.0;
    }

    private static Map<String, Long> escalationsByHour(List<HandoffFacts> facts) {
        return facts.stream()
                .map(HandoffFacts::escalatedAt)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(
                        t -> t.truncatedTo(ChronoUnit.HOURS).toString(), TreeMap::new, Collectors.counting()));
    }

    private static long count(List<HandoffFacts> group, Function<HandoffFacts, Instant> stage) {
        return group.stream().filter(f -> stage.apply(f) != null).count();
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted(Comparator.naturalOrder()).toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static Instant time(String value, String field, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Instant time;
        try {
            time = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field, field + " must be an ISO-8601 UTC time, e.g. 2026-11-25T00:00:00Z");
        }
        if (time.isBefore(Instant.EPOCH) || time.isAfter(LATEST)) {
            throw ApiException.badRequest(field, field + " must be between 1970 and 9999");
        }
        return time;
    }
}
