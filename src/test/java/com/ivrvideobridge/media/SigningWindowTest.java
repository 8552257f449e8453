package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SigningWindowTest {

    private final SigningWindow window = new SigningWindow(0.8);

    @Test
    void aFiveMinuteLinkIsSignedAtTheStartOfItsMinute() {
        Duration fiveMinutes = Duration.ofSeconds(300);
        assertThat(window.start(Instant.parse("2026-12-02T12:00:00Z"), fiveMinutes))
                .isEqualTo("2026-12-02T12:00:00Z");
        assertThat(window.start(Instant.parse("2026-12-02T12:00:59.999Z"), fiveMinutes))
                .isEqualTo("2026-12-02T12:00:00Z");
        assertThat(window.start(Instant.parse("2026-12-02T12:01:00Z"), fiveMinutes))
                .isEqualTo("2026-12-02T12:01:00Z");
    }

    @Test
    void everyMomentOfAWindowLeavesAtLeastTheGuaranteedShareOfTheLife() {
        Duration lifetime = Duration.ofSeconds(77);
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int second = 0; second < 200; second++) {
            Instant asked = now.plusSeconds(second).plusMillis(999);
            Instant expires = window.start(asked, lifetime).plus(lifetime);
            assertThat(Duration.between(asked, expires).toMillis()).isGreaterThanOrEqualTo((long) (77_000 * 0.8));
        }
    }

    @Test
    void aLinkTooShortForAWindowIsSignedEachSecond() {
        assertThat(new SigningWindow(0.99).start(Instant.parse("2026-12-02T12:00:07.5Z"), Duration.ofSeconds(60)))
                .isEqualTo("2026-12-02T12:00:07Z");
    }
}
