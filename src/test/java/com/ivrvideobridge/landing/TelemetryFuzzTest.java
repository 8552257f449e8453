package com.ivrvideobridge.landing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What the landing page sends: telemetry batches (POST /w/{token}/events, no credential but the
 * session key) and the played ranges worked out from them. A batch is valid or a 4xx refusal, never
 * another exception or a hang; watched shares stay between 0 and 1. Seeds under
 * src/test/resources/com/ivrvideobridge/landing/TelemetryFuzzTestInputs/; fuzz with scripts/fuzz.sh.
 */
class TelemetryFuzzTest {

    private static final int MAX_EVENTS = 50;
    private static final double MAX_SECONDS = 24 * 3600;
    private static final TelemetryBatchParser PARSER = new TelemetryBatchParser(
            new ObjectMapper(),
            new LandingProperties(
                    Duration.ofHours(4),
                    0.9,
                    MAX_EVENTS,
                    2000,
                    20,
                    new LandingProperties.Played(2.0, Duration.ofSeconds(2), 10),
                    List.of()));

    @FuzzTest
    void batch(byte[] input) {
        TelemetryBatch batch;
        try {
            batch = PARSER.parse(new String(input, StandardCharsets.UTF_8));
        } catch (ApiException refused) {
            assertThat(refused.getStatus()).isBetween(400, 499);
            return;
        }
        assertThat(batch.sessionId()).isNotBlank();
        assertThat(batch.sessionKey()).isNotBlank();
        assertThat(batch.events()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_EVENTS);
        assertThat(new HashSet<>(
                        batch.events().stream().map(TelemetryBatch.Event::id).toList()))
                .hasSameSizeAs(batch.events());
        for (TelemetryBatch.Event event : batch.events()) {
            assertThat(event.id()).matches("[A-Za-z0-9_-]{8,64}");
            assertThat(event.type()).isNotNull();
            assertThat(event.timestamp()).isNotNull();
            if (event.type().isMilestone()) {
                assertThat(event.duration()).isNotNull().isPositive();
            }
            for (Double seconds : new Double[] {event.position(), event.duration()}) {
                assertThat(seconds == null || (Double.isFinite(seconds) && seconds >= 0))
                        .as("" + seconds)
                        .isTrue();
            }
            assertThat(event.detail() == null || event.detail().length() <= 200).isTrue();
            assertPlayedRanges(event.played(), event.duration() == null ? 6 : event.duration());
        }
    }

    /** Ranges as the parser lets them through (0 <= start <= end <= 24 h, at most 100), in any order. */
    @FuzzTest
    void playedRanges(FuzzedDataProvider data) {
        double duration = data.consumeRegularDouble(Double.MIN_VALUE, MAX_SECONDS * 1000);
        int count = data.consumeInt(0, 100);
        List<double[]> raw = new ArrayList<>();
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            double a = data.consumeRegularDouble(0, MAX_SECONDS);
            double b = data.consumeRegularDouble(0, MAX_SECONDS);
            raw.add(new double[] {Math.min(a, b), Math.max(a, b)});
        }
        assertPlayedRanges(raw, duration);
    }

    private static void assertPlayedRanges(List<double[]> raw, double duration) {
        PlayedRanges played = PlayedRanges.of(raw);
        double previousEnd = -1;
        for (double[] range : played.ranges()) {
            assertThat(range[0]).isGreaterThan(previousEnd).isLessThanOrEqualTo(range[1]);
            previousEnd = range[1];
        }
        for (double fraction : new double[] {0.25, 0.5, 0.75, 1.0}) {
            double coverage = played.coverage(fraction, duration);
            assertThat(coverage).as("coverage of %s of %s", fraction, duration).isBetween(0.0, 1.0 + 1e-9);
        }
        double total = played.playedBetween(0, duration);
        assertThat(total).isBetween(0.0, duration * (1 + 1e-12));
    }
}
