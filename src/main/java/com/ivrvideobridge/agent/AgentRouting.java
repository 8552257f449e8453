package com.ivrvideobridge.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.TimeoutProperties;
import com.ivrvideobridge.genesys.CallConversations;
import com.ivrvideobridge.genesys.CallConversations.CustomerLeg;
import com.ivrvideobridge.handoff.Fallbacks;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.ops.BridgeMetrics;
import com.ivrvideobridge.outcome.CallOutcomes;
import com.ivrvideobridge.support.DueSet;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Reaching an escalated caller (routes/agent/agent-routing.yaml), durably: each escalation is a job in
 * Redis ({@code bridge:agent-routing}, a {@link DueSet}) that stays until Genesys has accepted
 * what it takes, and is retried after any failure, on any instance. The path:
 * <ol>
 * <li>Architect already asked for the decision and was told {@code agent}, or the webhook
 * answered {@code agent}: the IVR flow transfers the caller; nothing to call.</li>
 * <li>Otherwise the bridge asks Genesys whether the caller is still on the call
 * ({@code GET /api/v2/conversations/calls/{id}}, the customer participant's state).
 * On the line: the decision endpoint answers {@code agent} and Architect transfers (or, with
 * {@code bridge.agent.mode=transfer}, the bridge moves the call itself); if Architect has not
 * asked within {@code ivr-grace}, the bridge looks again. Gone: a callback to the caller's number
 * with the note. Genesys unreachable {@code call-state-attempts} times: the callback (never
 * neither).</li>
 * </ol>
 * A callback is created at least once: the job is done only once Genesys accepted it, so a crash in
 * the moment between Genesys' answer and the job's end may repeat it.
 */
@Component("agentRouting")
public class AgentRouting {

    private static final Logger log = LoggerFactory.getLogger(AgentRouting.class);

    /** Fields of the handoff's hash that the escalation and its routing keep. */
    public static final String REASON = "escalationReason";

    public static final String NOTE = "escalationNote";
    public static final String QUEUE = "agentQueue";
    public static final String ESCALATED_AT = "escalatedAt";
    /** How the caller reached the agent: ivr_transfer, callback, transfer, or none (with why in the history). */
    public static final String PATH = "agentPath";
    /** When Architect was first told {@code agent} by the decision endpoint. */
    public static final String DECISION_SERVED = "decisionServedAt";

    private static final String LOOKUP_FAILURES = "agentLookupFailures";
    private static final String WAITING_FOR_IVR = "waiting_for_ivr";
    /** The paths after which the caller has been reached (or cannot be): nothing more to do. */
    private static final Set<String> REACHED_PATHS = Set.of("ivr_transfer", "callback", "transfer", "none");
    /** bridge:agent-routing:working:{id}: a worker is on this job now (expires with the lease if it died). */
    private static final String WORKING = "bridge:agent-routing:working:";

    /** Exchange property: where a run of the job is ({@link Run}), as each step returns it. */
    public static final String RUN = ExchangeProperties.AGENT_RUN;

    private static final List<String> FIELDS =
            List.of(REASON, NOTE, QUEUE, ESCALATED_AT, PATH, DECISION_SERVED, LOOKUP_FAILURES);

    private final DueSet jobs;
    private final HandoffStore store;
    private final CallConversations calls;
    private final AgentProperties agents;
    private final TimeoutProperties timeouts;
    private final BridgeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;
    private final StringRedisTemplate redis;

    public AgentRouting(
            StringRedisTemplate redis,
            HandoffStore store,
            CallConversations calls,
            AgentProperties agents,
            TimeoutProperties timeouts,
            BridgeMetrics metrics,
            ObjectMapper json,
            Clock clock) {
        this.jobs = new DueSet(redis, clock, "bridge:agent-routing");
        this.redis = redis;
        this.store = store;
        this.calls = calls;
        this.agents = agents;
        this.timeouts = timeouts;
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    public String dueSetKey() {
        return jobs.pendingKey();
    }

    /** Due jobs (handoff ids) for this instance, each leased like a deadline. */
    public List<String> claimDue() {
        return jobs.claimDue(timeouts.lease(), timeouts.batchSize());
    }

    /**
     * Where a run of the job is (the route keeps it as property {@link #RUN}): the next
     * {@code step} (finish, look-up, callback, transfer, wait-for-ivr, ivr-silent), whether
     * another worker has the job ({@code busy}: this run leaves it alone), the job's fields as read
     * at its start, and the participants a transfer names (the customer, the IVR leg it replaces).
     */
    public record Run(
            String step, boolean busy, Map<String, String> job, String customerParticipantId, String ivrParticipantId) {

        Run next(String next) {
            return new Run(next, busy, job, customerParticipantId, ivrParticipantId);
        }
    }

    /**
     * The first step of a job: {@code finish} (the IVR transfers, or nothing is left to do: the
     * handoff, null, has left Redis), {@code look-up} (ask Genesys whether the caller is on the
     * line) or {@code callback} (the look-up failed too often: call back rather than leave the caller).
     */
    public Run plan(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff) {
        if (handoff == null) {
            return new Run("finish", false, null, null, null);
        }
        // A claim ends with its lease while its batch may still be waiting (Genesys' pace): another
        // instance then claims the same job. One worker at a time per job (the other leaves it
        // alone), and a caller already reached is not reached again (scripts/stack chaos found
        // callers called back twice).
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(WORKING + handoff.id(), "1", timeouts.lease()))) {
            return new Run("finish", true, null, null, null);
        }
        Map<String, String> job = store.fields(handoff.id(), FIELDS);
        Run run = new Run(null, false, job, null, null);
        if (job.get(PATH) != null && REACHED_PATHS.contains(job.get(PATH))) { // Set.of refuses null
            return run.next("finish");
        } else if (handoff.status() != HandoffStatus.ESCALATED || job.get(REASON) == null) {
            return run.next("finish");
        } else if (job.get(DECISION_SERVED) != null || Escalations.NO_CONTACT_PATH.equals(job.get(REASON))) {
            // Architect was told "agent" (or the webhook answered "agent"): the flow transfers the live call.
            reached(handoff, "ivr_transfer", "the IVR flow transfers the caller to the queue (told by the bridge)");
            return run.next("finish");
        } else if (lookupFailures(job) >= agents.callStateAttempts()) {
            store.note(
                    handoff.id(),
                    "could not learn from Genesys whether the caller is on the line (" + lookupFailures(job)
                            + " attempts): calling back");
            return run.next(callbackOrNothing(handoff));
        }
        return run.next("look-up");
    }

    /**
     * After the call conversation was read (body: CallConversation): on the line, the IVR
     * transfers (or the bridge, in transfer mode, naming the participants); gone, a callback.
     */
    public Run afterCallState(
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @Body String callConversation) {
        CustomerLeg customer = calls.customer(callConversation);
        if (customer != null && customer.onLine()) {
            Run onLine =
                    new Run(run.step(), run.busy(), run.job(), customer.participantId(), customer.ivrParticipantId());
            if (agents.transfersLiveCall() && customer.ivrParticipantId() != null) {
                return onLine.next("transfer");
            } else if (WAITING_FOR_IVR.equals(job(run.job(), handoff).get(PATH))) {
                // Looked again after the IVR's grace: still there, and Architect never asked.
                return onLine.next("ivr-silent");
            }
            return onLine.next("wait-for-ivr");
        }
        store.note(
                handoff.id(),
                customer == null
                        ? "the call has no customer participant: calling back"
                        : "the caller has left the call: calling back");
        return run.next(callbackOrNothing(handoff));
    }

    private String callbackOrNothing(Handoff handoff) {
        if (handoff.call().hasPhoneNumber()) {
            return "callback";
        }
        reached(handoff, "none", "no phone number to call back: the caller cannot be reached");
        log.warn("Handoff {}: escalated caller has left and gave no number; nobody can call them back", handoff.id());
        return "finish";
    }

    /**
     * The caller is on the line: the decision endpoint now answers {@code agent}. The job comes back
     * after {@code ivr-grace} to check that Architect asked (else, the caller gone: a callback).
     */
    public void waitForIvr(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff) {
        store.tag(handoff.id(), PATH, WAITING_FOR_IVR);
        store.note(handoff.id(), "the caller is on the line: the decision answers agent, for the IVR flow to transfer");
        jobs.reschedule(handoff.id(), clock.millis() + agents.ivrGrace().toMillis());
        redis.delete(WORKING + handoff.id());
    }

    /** Still on the line after the grace, and Architect never asked: ops must look at the flow. */
    public void ivrSilent(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff) {
        reached(
                handoff,
                "none",
                "the caller is still on the call but the IVR flow has not asked for the decision " + "within "
                        + agents.ivrGrace().toSeconds() + " s: check the flow's decision loop");
        log.warn(
                "Handoff {}: escalated caller still on the call, the IVR flow never asked for the decision",
                handoff.id());
    }

    /** Genesys accepted the callback or the transfer: the agent has it; the job is done. */
    public void accepted(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            @Body String answer,
            @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id) {
        String step = run.step();
        String callback = "callback".equals(step) ? callbackConversation(answer) : "";
        if (!callback.isEmpty()) {
            // The outcome (outcome.CallOutcomes) reads this conversation's analytics: did an agent take it?
            store.tag(handoff.id(), CallOutcomes.CALLBACK_CONVERSATION, callback);
        }
        reached(
                handoff,
                step,
                "callback".equals(step)
                        ? "callback created for the caller with the note"
                                + (callback.isEmpty() ? "" : " (callback conversation " + callback + ")")
                        : "the bridge transferred the live call to the queue");
        finish(id, run);
    }

    /** The job is done (unless another worker has it now: its claim stays). */
    public void finish(@ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id, @ExchangeProperty(RUN) Run run) {
        if (run != null && run.busy()) {
            return; // another worker has this job now: its claim stays
        }
        jobs.done(id);
        redis.delete(WORKING + id);
    }

    /**
     * A step failed after its retries (Genesys down, refusing): nothing is dropped. The job comes
     * back after {@code retry-interval}; a failed look-up counts towards {@code call-state-attempts}.
     * The dead-letter processor of reach-agent: {@code error} is the exception it caught.
     */
    public void failed(
            @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id,
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String step = run == null ? null : run.step();
        long retryAt = clock.millis() + agents.retryInterval().toMillis();
        if ("look-up".equals(step)) {
            if (error instanceof HttpOperationFailedException http && http.getStatusCode() == 404) {
                // Genesys has no such call (any more): nobody on the line; call back now.
                store.tag(id, LOOKUP_FAILURES, Integer.toString(agents.callStateAttempts()));
                retryAt = clock.millis();
            } else {
                store.increment(id, LOOKUP_FAILURES);
            }
        }
        jobs.reschedule(id, retryAt);
        redis.delete(WORKING + id);
        metrics.agentRouting("retry");
        String why = Fallbacks.reason(error);
        store.note(
                id,
                "routing to an agent failed (" + step + ": " + why + "); trying again in "
                        + agents.retryInterval().toSeconds() + " s");
        log.warn(
                "Handoff {}: routing to an agent failed at {} ({}); trying again in {}",
                id,
                step,
                why,
                agents.retryInterval());
    }

    /** Body of {@code POST /api/v2/conversations/callbacks} (CreateCallbackCommand), the note in {@code data}. */
    public void callbackRequest(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            Message message)
            throws JsonProcessingException {
        Map<String, String> job = job(run.job(), handoff);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("queueId", job.get(QUEUE));
        body.put("callbackNumbers", List.of(handoff.call().phoneNumber()));
        body.put(
                "callbackUserName",
                handoff.call().customerId() == null ? "Caller" : handoff.call().customerId());
        body.put("data", note(handoff, job));
        setJson(message, body);
    }

    /** Before the bridge transfers a live call: the note as participant attributes, which the agent sees. */
    public void noteAttributes(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            Message message)
            throws JsonProcessingException {
        setJson(message, Map.of("attributes", note(handoff, job(run.job(), handoff))));
    }

    /** Body of the transfer to the queue (TransferToQueueRequest: {@code queueId}). */
    public void transferRequest(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            Message message)
            throws JsonProcessingException {
        setJson(message, Map.of("queueId", job(run.job(), handoff).get(QUEUE)));
    }

    /** What the agent is told, as flat strings (callback data, or participant attributes). */
    Map<String, String> note(Handoff handoff, Map<String, String> job) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("video_note", job.get(NOTE));
        data.put("video_reason", job.get(REASON));
        data.put("video_asset_id", handoff.call().assetId());
        data.put("video_channel", String.valueOf(handoff.channel()));
        data.put("video_delivery_status", lastDelivery(handoff.id()));
        data.put("video_offered_at", handoff.createdAt().toString());
        data.put("video_escalated_at", String.valueOf(job.get(ESCALATED_AT)));
        data.put("video_handoff_id", handoff.id());
        data.put("voice_conversation_id", handoff.call().conversationId());
        return data;
    }

    private void reached(Handoff handoff, String path, String detail) {
        store.tag(handoff.id(), PATH, path);
        store.note(handoff.id(), detail);
        metrics.agentRouting(path);
    }

    /** The job's fields as {@link #plan} read them, or read now. */
    private Map<String, String> job(Map<String, String> read, Handoff handoff) {
        return read != null ? read : store.fields(handoff.id(), FIELDS);
    }

    private static int lookupFailures(Map<String, String> job) {
        return job.get(LOOKUP_FAILURES) == null ? 0 : Integer.parseInt(job.get(LOOKUP_FAILURES));
    }

    private String callbackConversation(String answer) {
        try {
            return json.readTree(answer).path("conversation").path("id").asText("");
        } catch (Exception e) {
            return "";
        }
    }

    private void setJson(Message message, Object body) throws JsonProcessingException {
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(body));
    }

    private String lastDelivery(String handoffId) {
        return store.history(handoffId).stream()
                .filter(e -> e.status() != null && e.status() != HandoffStatus.ESCALATED)
                .reduce((first, second) -> second)
                .map(e -> e.status().name())
                .orElse("OFFERED");
    }
}
