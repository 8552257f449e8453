package com.ivrvideobridge.media;

import java.time.Duration;
import java.time.Instant;

/**
 * When a link is signed. Time is cut into windows of (1 - min-remaining-fraction) of the link's
 * lifetime (60 s of a 300 s link by default), counted from the epoch, so every instance agrees on
 * them; a link is signed at the start of the current window. Asked at any moment of its window, it
 * still has at least min-remaining-fraction (80 %) of its life: the rule the cache promises, kept
 * by the signing time itself. And the same object, session and window always give the same link.
 */
record SigningWindow(double minRemainingFraction) {

    Instant start(Instant now, Duration lifetime) {
        // The small addend: 1 - 0.8 is 0.19999999999999996 in a double, which would make 300 s a 59 s window.
        long length = Math.max(1, (long) Math.floor(lifetime.getSeconds() * (1 - minRemainingFraction) + 1e-9));
        long epochSecond = now.getEpochSecond();
        return Instant.ofEpochSecond(epochSecond - Math.floorMod(epochSecond, length));
    }
}
