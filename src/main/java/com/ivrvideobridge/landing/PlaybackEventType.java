package com.ivrvideobridge.landing;

/**
 * What the landing page reports. Milestones (the quartiles and COMPLETED) say how much of the
 * video must have been played, from its start, for the event to be credited.
 */
public enum PlaybackEventType {
    START_CLICKED,
    AUTOPLAY_BLOCKED,
    STARTED,
    PAUSED,
    RESUMED,
    SEEKED,
    QUARTILE_25(0.25),
    QUARTILE_50(0.50),
    QUARTILE_75(0.75),
    COMPLETED(1.0),
    /** The end was reached by skipping: recorded as such, never a completion. */
    ENDED,
    REBUFFER,
    ERROR;

    private final double milestone;

    PlaybackEventType() {
        this(0);
    }

    PlaybackEventType(double milestone) {
        this.milestone = milestone;
    }

    public boolean isMilestone() {
        return milestone > 0;
    }

    public double milestone() {
        return milestone;
    }

    /**
     * Playback detail that comes many times per viewing: kept in the event stream (Kafka, the
     * handoff's /events), not written as a line of the handoff's history.
     */
    public boolean routine() {
        return this == PAUSED || this == RESUMED || this == SEEKED || this == REBUFFER;
    }
}
