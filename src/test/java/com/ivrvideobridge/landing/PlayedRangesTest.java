package com.ivrvideobridge.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Watched time and milestones come from what was played, never from where the playhead went. */
class PlayedRangesTest {

    @Test
    void overlappingRangesCountOnce() {
        PlayedRanges played = PlayedRanges.of(List.of(new double[] {0, 3}, new double[] {2, 4}, new double[] {5, 6}));
        assertThat(played.playedBetween(0, 6)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void skippingToTheEndCoversNoQuartile() {
        PlayedRanges played = PlayedRanges.of(List.of(new double[] {0, 0.3}, new double[] {5, 6}));
        assertThat(played.coverage(0.25, 6)).isLessThan(0.9);
        assertThat(played.coverage(1.0, 6)).isLessThan(0.9);
    }

    @Test
    void watchingThroughCoversEveryMilestone() {
        PlayedRanges played = PlayedRanges.of(List.of(new double[] {0, 5.98}));
        assertThat(played.coverage(0.25, 6)).isEqualTo(1.0);
        assertThat(played.coverage(1.0, 6)).isGreaterThan(0.99);
    }
}
