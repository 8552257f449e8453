package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One timestamped line of a handoff's history: a state change, or a note (a retry, a fallback). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HandoffEvent(Instant at, HandoffStatus status, String detail) {}
