package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void everyMomentOfAWindowLeavesAtLeastTheGuaranteedShareForEveryAllowedSetting() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int percent = 5; percent <= 95; percent += 5) {
            double fraction = percent / 100.0;
            SigningWindow window = new SigningWindow(fraction);
            for (int lifetimeSeconds = 60; lifetimeSeconds <= 900; lifetimeSeconds += 7) {
                Duration lifetime = Duration.ofSeconds(lifetimeSeconds);
                for (int second = 0; second < 2 * lifetimeSeconds; second += 3) {
                    Instant asked = now.plusSeconds(second).plusMillis(999);
                    Instant expires = window.start(asked, lifetime).plus(lifetime);
                    assertThat(Duration.between(asked, expires).toMillis())
                            .as("fraction %s, lifetime %d s, asked at +%d.999 s", fraction, lifetimeSeconds, second)
                            .isGreaterThanOrEqualTo((long) Math.ceil(lifetimeSeconds * 1000 * fraction));
                }
            }
        }
    }

    @Test
    void aSettingThatCouldNotKeepThePromiseIsRefused() {
        MediaProperties.Cache cache = new MediaProperties.Cache();
        assertThatThrownBy(() -> cache.setMinRemainingFraction(0.99))
                .hasMessageContaining("bridge.media.cache.min-remaining-fraction must be between 0.05 and 0.95");
        assertThatThrownBy(() -> cache.setMinRemainingFraction(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
