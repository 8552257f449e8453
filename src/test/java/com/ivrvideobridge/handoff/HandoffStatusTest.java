package com.ivrvideobridge.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which states may follow which: forward only, and FAILED only before the link was opened. */
class HandoffStatusTest {

    @Test
    void failedOnlyBeforeTheLinkWasOpened() {
        assertThat(Arrays.stream(HandoffStatus.values()).filter(s -> s.canMoveTo(HandoffStatus.FAILED)))
                .containsExactly(HandoffStatus.OFFERED, HandoffStatus.SENT, HandoffStatus.DELIVERED);
    }

    @Test
    void theHappyPathOnlyMovesForward() {
        assertThat(HandoffStatus.SENT.canMoveTo(HandoffStatus.OPENED)).isTrue();
        assertThat(HandoffStatus.OPENED.canMoveTo(HandoffStatus.DELIVERED)).isFalse();
        assertThat(HandoffStatus.STARTED.canMoveTo(HandoffStatus.ESCALATED)).isTrue();
        assertThat(HandoffStatus.FAILED.canMoveTo(HandoffStatus.ESCALATED)).isTrue();
        assertThat(HandoffStatus.ESCALATED.canMoveTo(HandoffStatus.FAILED)).isFalse();
    }
}
