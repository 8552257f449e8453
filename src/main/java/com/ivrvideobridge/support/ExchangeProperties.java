package com.ivrvideobridge.support;

/**
 * The exchange properties that routes (routes/**.yaml, as {@code exchangeProperty.<name>}) and
 * beans (as {@code @ExchangeProperty(...)}) share, named once. Properties one bean keeps for itself
 * stay constants of that bean. The table with who sets and who reads each: routes/README.md.
 */
public final class ExchangeProperties {

    /** The {@code Handoff} the exchange is about (set by the route that reads or makes it). */
    public static final String HANDOFF = "handoff";
    /** The handoff's id where the handoff itself may be gone (timers, jobs). */
    public static final String HANDOFF_ID = "handoffId";
    /** The channel a send is for: web, sms or agent (send-handoff). */
    public static final String SENDING_CHANNEL = "sendingChannel";
    /** Why the caller goes to an agent, a code (route-to-agent's input). */
    public static final String ESCALATION_REASON = "escalationReason";
    /** Why the caller goes to an agent, in words for the agent (route-to-agent's input). */
    public static final String ESCALATION_NOTE = "escalationNote";
    /** The customer's participant on the voice call (customer-participant). */
    public static final String PARTICIPANT_ID = "participantId";
    /** The id the provider gave the message just sent (message-sent). */
    public static final String PROVIDER_MESSAGE_ID = "providerMessageId";
    /** What a dead letter of this exchange carries as its body (dead-letter). */
    public static final String ORIGINAL_BODY = "bridgeOriginalBody";
    /** The bus a replayed dead letter goes back to (handoffs, telemetry); absent: not replayable. */
    public static final String REPLAY_TO = "bridgeReplayTo";

    /** Where an agent-routing job's run is ({@code AgentRouting.Run}: its next step; reach-agent). */
    public static final String AGENT_RUN = "agentRun";
    /** Where an outcome job's run is ({@code CallOutcomes.Run}: its next step and request; decide-outcome). */
    public static final String OUTCOME_RUN = "outcomeRun";
    /** What a status poll of an agentless SMS read ({@code SmsReceipts.Report}; get-agentless-message-status). */
    public static final String AGENTLESS_REPORT = "agentlessReport";
    /** A telemetry batch as accepted ({@code TelemetryIngest.Batch}; telemetry-ingest). */
    public static final String TELEMETRY_BATCH = "telemetryBatch";
    /** What telemetry-ingest kept of its batch ({@code TelemetryIngest.Recorded}). */
    public static final String TELEMETRY_RECORDED = "telemetryRecorded";
    /** The best share of the video watched once a batch is recorded (null: nothing credited). */
    public static final String TELEMETRY_BEST_WATCHED = "telemetryBestWatched";

    private ExchangeProperties() {}
}
