package com.ivrvideobridge.genesys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GenesysPacerTest {

    @Test
    void aCallWhoseSlotIsFurtherThanTheMaximumWaitFailsAtOnceAsAnIoErrorAndTakesNoSlot() {
        // 6 calls a minute: one slot every ~10 s; nobody may wait more than 1 s.
        GenesysPacer pacer = new GenesysPacer(6, Duration.ofSeconds(1));

        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            pacer.acquire();
            // The next slot is ~10 s away: refused now, not after a 10 s park.
            assertThatThrownBy(pacer::acquire)
                    .isInstanceOf(GenesysPacer.PacerFullException.class)
                    // An IOException: routes/shared/outbound-http.yaml retries it with back-off like an outage.
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("bridge.genesys.pacer-max-wait");
            // A refused call took no slot, so the queue did not grow: the next one is refused the same way.
            assertThatThrownBy(pacer::acquire).isInstanceOf(GenesysPacer.PacerFullException.class);
        });
    }

    @Test
    void callsWithinTheMaximumWaitAreSpacedEvenly() throws Exception {
        // 600 a minute: one slot every ~102 ms.
        GenesysPacer pacer = new GenesysPacer(600, Duration.ofSeconds(10));
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            pacer.acquire();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
