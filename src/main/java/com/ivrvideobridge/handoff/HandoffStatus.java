package com.ivrvideobridge.handoff;

/**
 * The life of a handoff. The happy path only moves forward (a late or duplicated event never
 * moves a handoff back); FAILED (then ESCALATED to an agent), ESCALATED and EXPIRED end it.
 */
public enum HandoffStatus {
    OFFERED(0),
    SENT(1),
    DELIVERED(2),
    OPENED(3),
    STARTED(4),
    COMPLETED(5),
    FAILED(10),
    ESCALATED(10),
    EXPIRED(10);

    private final int rank;

    HandoffStatus(int rank) {
        this.rank = rank;
    }

    /**
     * Whether a handoff in this state may move to {@code next}. A FAILED one still goes to an agent.
     * FAILED (the message could not be delivered) only before the link was opened: a failure
     * receipt arriving after the caller opened it is late or wrong, and must not send a caller
     * who is watching to an agent.
     */
    public boolean canMoveTo(HandoffStatus next) {
        if (this == FAILED) {
            return next == ESCALATED;
        }
        if (next == FAILED) {
            return rank <= DELIVERED.rank;
        }
        return rank < 10 && next.rank > rank;
    }
}
