package com.ivrvideobridge.landing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parts of the video actually played (the video element's {@code played} time ranges), merged.
 * Watched time and milestones come from these, so skipped parts never count.
 */
public record PlayedRanges(List<double[]> ranges) {

    public static PlayedRanges of(List<double[]> raw) {
        List<double[]> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble(r -> r[0]));
        List<double[]> merged = new ArrayList<>();
        for (double[] range : sorted) {
            double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new double[] {range[0], range[1]});
            }
        }
        return new PlayedRanges(merged);
    }

    /** Seconds played between {@code from} and {@code to}. */
    public double playedBetween(double from, double to) {
        double total = 0;
        for (double[] range : ranges) {
            total += Math.max(0, Math.min(range[1], to) - Math.max(range[0], from));
        }
        return total;
    }

    /** Seconds played in all (each second once, however often it was played). */
    public double total() {
        return playedBetween(0, Double.MAX_VALUE);
    }

    /** The furthest point played, 0 if nothing was. */
    public double end() {
        return ranges.isEmpty() ? 0 : ranges.get(ranges.size() - 1)[1];
    }

    /** Share of the first {@code fraction} of a video of {@code duration} seconds that was played. */
    public double coverage(double fraction, double duration) {
        double end = duration * fraction;
        return end <= 0 ? 0 : playedBetween(0, end) / end;
    }
}
