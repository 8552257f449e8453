package com.ivrvideobridge.outcome;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What happened to the call after the video, decided once (see {@link CallOutcomes}):
 * {@code type} is one of {@link #TYPES}; {@code wrapUpCode} the name of the agent's wrap-up code
 * (escalated, or a repeat contact an agent took), {@code handleSeconds} that agent's handle time;
 * {@code detail} says what it rests on (for {@code unknown}: why nothing could be learnt).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Outcome(String type, String wrapUpCode, Long handleSeconds, Instant decidedAt, String detail) {

    public static final String RESOLVED = "resolved_by_video";
    public static final String ESCALATED = "escalated";
    public static final String REPEAT = "repeat_contact";
    public static final String ABANDONED = "abandoned";
    public static final String UNKNOWN = "unknown";
    /** Every outcome, in the order reports list them. */
    public static final List<String> TYPES = List.of(RESOLVED, ESCALATED, REPEAT, ABANDONED, UNKNOWN);
}
