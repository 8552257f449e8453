package com.ivrvideobridge.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.genesys.GenesysPacer;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.ops.BridgeMetrics;
import com.ivrvideobridge.outcome.AnalyticsConversations.CallFacts;
import com.ivrvideobridge.support.DueSet;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
 * The outcome of each handoff's call (routes/agent/call-outcomes.yaml), decided once from Genesys
 * analytics after the voice conversation has ended and {@code bridge.outcome.settle} has passed:
 * <ul>
 * <li>{@code escalated}: an agent took the call, or the callback the bridge created (the agent's
 * wrap-up code name and handle time); decided as soon as those conversations have settled;</li>
 * <li>otherwise the outcome waits for {@code repeat-window} after the call to close (plus settle),
 * then asks analytics for later inbound calls from the same number: one is {@code repeat_contact}
 * (with its wrap-up code name if an agent took it); none, and the video was completed (the 90 %
 * rule), {@code resolved_by_video}; else {@code abandoned};</li>
 * <li>{@code unknown} when analytics could not tell by {@code give-up} after the offer (the
 * conversation never found, never ended, Genesys down): never guessed.</li>
 * </ul>
 * Each handoff is a job in a Redis {@link DueSet} ({@code bridge:outcomes}), added atomically
 * with the handoff itself (Handoffs.store), due {@code settle} after the offer, claimed by one
 * worker at a time and kept until decided: restarts and other instances lose or repeat nothing
 * (a repeated step only reads). What a run learnt and trusts (a settled conversation) is kept in
 * the handoff's hash, so a later run does not read it again. Every Genesys call of the job is
 * paced at {@code bridge.outcome.rate-per-minute} on top of the shared pacer.
 */
@Component("callOutcomes")
public class CallOutcomes {

    private static final Logger log = LoggerFactory.getLogger(CallOutcomes.class);

    /** Fields of the handoff's hash: the decided outcome, and what the job learnt so far. */
    public static final String OUTCOME = "outcome";

    static final String CALL = "outcomeCall";
    static final String CALLBACK = "outcomeCallback";
    static final String ATTEMPTS = "outcomeAttempts";
    static final String LAST_MISS = "outcomeLastMiss";
    /** The callback conversation the bridge created (AgentRouting.accepted). */
    public static final String CALLBACK_CONVERSATION = "callbackConversationId";

    private static final List<String> FIELDS =
            List.of(OUTCOME, CALL, CALLBACK, ATTEMPTS, LAST_MISS, CALLBACK_CONVERSATION);

    /** Exchange property: where a run of the job is ({@link Run}), as each step returns it. */
    public static final String RUN = ExchangeProperties.OUTCOME_RUN;

    /** Genesys ids are UUIDs; anything else is never put into a URL path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final DueSet jobs;
    private final HandoffStore store;
    private final AnalyticsConversations analytics;
    private final WrapUpCodes wrapUpCodes;
    private final OutcomeProperties properties;
    private final GenesysPacer budget;
    private final BridgeMetrics metrics;
    private final ObjectMapper json;
    private final Clock clock;

    public CallOutcomes(
            StringRedisTemplate redis,
            HandoffStore store,
            AnalyticsConversations analytics,
            WrapUpCodes wrapUpCodes,
            OutcomeProperties properties,
            BridgeMetrics metrics,
            ObjectMapper json,
            Clock clock) {
        this.jobs = new DueSet(redis, clock, "bridge:outcomes");
        this.store = store;
        this.analytics = analytics;
        this.wrapUpCodes = wrapUpCodes;
        this.properties = properties;
        this.budget = new GenesysPacer(properties.ratePerMinute());
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /** The due set a new handoff's outcome job goes into (Handoffs.store, atomically with the handoff). */
    public String dueSetKey() {
        return jobs.pendingKey();
    }

    /** The first look: {@code settle} after the offer (the call cannot have settled sooner). */
    public long firstLookAt(Handoff handoff) {
        return handoff.createdAt().plus(properties.settle()).toEpochMilli();
    }

    /** Due jobs (handoff ids) for this instance, each leased to it. */
    public List<String> claimDue() {
        return jobs.claimDue(properties.lease(), properties.batchSize());
    }

    /** Before each of the job's Genesys calls: waits for its slot in the outcome share of the budget. */
    public void pace() throws GenesysPacer.PacerFullException {
        budget.acquire();
    }

    /**
     * Where a run of the job is, as each step returns it (the route keeps it as property
     * {@link #RUN}): the next {@code step} (read-call, read-callback, query-repeats, name-wrap-up,
     * decide, wait, finish), the Genesys request it makes ({@code method}, {@code path},
     * {@code body}), the job's fields as read at its start, the outcome being decided and the
     * wrap-up code whose name is asked for.
     */
    public record Run(
            String step,
            String method,
            String path,
            String body,
            Map<String, String> job,
            Outcome deciding,
            String wrapUpCode) {

        static Run at(String step, Map<String, String> job) {
            return new Run(step, null, null, null, job, null, null);
        }
    }

    /** The body of the job's next Genesys call (the run's request), as JSON. */
    public void requestBody(@ExchangeProperty(RUN) Run run, Message message) {
        message.setBody(run.body());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /**
     * The first step of a run: {@code finish} (no handoff any more, or already decided),
     * {@code decide} (given up), or what to read next.
     */
    public Run plan(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff) {
        if (handoff == null) {
            return Run.at("finish", null);
        }
        Map<String, String> job = store.fields(handoff.id(), FIELDS);
        if (job.get(OUTCOME) != null) {
            return Run.at("finish", job);
        } else if (!clock.instant().isBefore(giveUpAt(handoff))) {
            String why = job.get(LAST_MISS) == null ? "Genesys analytics never answered" : job.get(LAST_MISS);
            return decideUnknown(
                    job,
                    "no settled analytics " + properties.giveUp().toHours() + " h after the offer (last: " + why + ")");
        } else if (!ID.matcher(handoff.call().conversationId()).matches()) {
            return decideUnknown(job, "the conversation id is not a Genesys id: analytics cannot be asked");
        }
        return next(handoff, job);
    }

    /** The outcome cannot be known (analytics never settled, or cannot be asked): say why. */
    private Run decideUnknown(Map<String, String> job, String why) {
        return deciding(job, new Outcome(Outcome.UNKNOWN, null, null, null, why), null);
    }

    /**
     * Genesys answered a conversation's details: the voice call's (step read-call) or the
     * callback's (read-callback). Trusted once it has ended and settled.
     */
    public Run afterConversation(
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id,
            @Body String answer)
            throws JsonProcessingException {
        boolean call = "read-call".equals(run.step());
        return settled(
                run,
                handoff,
                id,
                call ? CALL : CALLBACK,
                call ? "the call" : "the callback",
                analytics.details(answer));
    }

    /**
     * Genesys answered the query for later calls from the number: the earliest that started after
     * the call ended and within the window (the answer holds whole days) is a repeat contact.
     */
    public Run afterRepeats(
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @Body String answer)
            throws JsonProcessingException {
        Map<String, String> job = run.job();
        CallFacts call = read(job.get(CALL));
        Instant windowEnd = call.end().plus(properties.repeatWindow());
        CallFacts repeat = analytics.queried(answer).stream()
                .filter(c -> c.start() != null
                        && c.start().isAfter(call.end())
                        && c.start().isBefore(windowEnd))
                .filter(c -> !handoff.call().conversationId().equals(c.conversationId())
                        && !String.valueOf(c.conversationId()).equals(job.get(CALLBACK_CONVERSATION)))
                .findFirst()
                .orElse(null);
        if (repeat != null) {
            return withAgent(
                    job,
                    Outcome.REPEAT,
                    repeat,
                    "the same number called again "
                            + java.time.Duration.between(call.end(), repeat.start())
                                    .toMinutes() + " min after the call ("
                            + repeat.conversationId()
                            + (repeat.agentReached() ? ", an agent took it)" : ", no agent)"));
        } else if (completed(handoff.id())) {
            return deciding(
                    job,
                    new Outcome(
                            Outcome.RESOLVED,
                            null,
                            null,
                            null,
                            "video completed, no agent, no call from " + "the number within "
                                    + properties.repeatWindow().toHours() + " h"),
                    null);
        }
        return deciding(
                job,
                new Outcome(
                        Outcome.ABANDONED,
                        null,
                        null,
                        null,
                        "video not completed, no agent, no call " + "from the number within "
                                + properties.repeatWindow().toHours() + " h"),
                null);
    }

    /** Genesys answered the wrap-up code (WrapupCode): its name goes into the outcome. */
    public Run named(@ExchangeProperty(RUN) Run run, @Body String answer) throws JsonProcessingException {
        return deciding(run.job(), named(run.deciding(), wrapUpCodes.learn(run.wrapUpCode(), answer)), null);
    }

    /** The last step: writes the outcome (once: the first writer wins), notes it, ends the job. */
    public void decide(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id) {
        Outcome decided = run.deciding();
        Outcome outcome = new Outcome(
                decided.type(), decided.wrapUpCode(), decided.handleSeconds(), clock.instant(), decided.detail());
        if (store.tagOnce(handoff.id(), OUTCOME, write(outcome))) {
            store.note(
                    handoff.id(),
                    "outcome: " + outcome.type()
                            + (outcome.wrapUpCode() == null ? "" : " (wrap-up " + outcome.wrapUpCode() + ")") + ": "
                            + outcome.detail());
            metrics.outcome(outcome.type());
            log.info("Handoff {}: outcome {}", handoff.id(), outcome.type());
        }
        finish(id);
    }

    /** The job is done: out of the due set. */
    public void finish(@ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id) {
        jobs.done(id);
    }

    /**
     * A read failed after its retries (Genesys down, 429s that outlasted their retries, a 404 of a
     * conversation analytics does not have yet): the job comes back later, doubling the wait, never
     * past the give-up time. A wrap-up code Genesys no longer has is named by its id instead. The
     * dead-letter processor of decide-outcome: {@code error} is the exception it caught; the run
     * is where it had got to (null when its first step failed).
     */
    public void failed(
            @ExchangeProperty(ExchangeProperties.HANDOFF_ID) String id,
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(RUN) Run run,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String step = run == null ? null : run.step();
        int status = error instanceof HttpOperationFailedException http ? http.getStatusCode() : 0;
        if ("name-wrap-up".equals(step) && status == 404) {
            wrapUpCodes.unknown(run.wrapUpCode());
            jobs.reschedule(id, clock.millis());
            return;
        }
        String why = status == 404
                ? "not in analytics yet (404)"
                : status > 0
                        ? "HTTP " + status
                        : error == null ? "unknown error" : error.getClass().getSimpleName();
        log.warn("Handoff {}: the outcome's {} failed ({}): trying again later", id, step, why);
        miss(id, handoff, run == null ? null : run.job(), step + ": " + why);
    }

    // ----------------------------------------------------------------------------------------

    /** What the run reads next, given what the job already trusts. */
    private Run next(Handoff handoff, Map<String, String> job) {
        CallFacts call = read(job.get(CALL));
        CallFacts callback = read(job.get(CALLBACK));
        String callbackId = job.get(CALLBACK_CONVERSATION);
        if (call == null) {
            return request(
                    job,
                    "read-call",
                    "GET",
                    "/api/v2/analytics/conversations/" + handoff.call().conversationId() + "/details",
                    null);
        } else if (call.agentReached()) {
            return withAgent(job, Outcome.ESCALATED, call, "an agent took the call");
        } else if (callbackId != null && ID.matcher(callbackId).matches() && callback == null) {
            return request(
                    job, "read-callback", "GET", "/api/v2/analytics/conversations/" + callbackId + "/details", null);
        } else if (callback != null && callback.agentReached()) {
            return withAgent(
                    job, Outcome.ESCALATED, callback, "an agent took the bridge's callback (" + callbackId + ")");
        }
        Instant windowClosed = call.end().plus(properties.repeatWindow()).plus(properties.settle());
        String ani = call.ani() != null ? call.ani() : handoff.call().phoneNumber();
        if (clock.instant().isBefore(windowClosed)) {
            return wait(handoff.id(), job, windowClosed);
        } else if (ani == null) {
            return deciding(
                    job,
                    new Outcome(
                            completed(handoff.id()) ? Outcome.RESOLVED : Outcome.ABANDONED,
                            null,
                            null,
                            null,
                            "no agent; the caller's number is unknown, so later calls cannot be looked for"),
                    null);
        }
        return request(
                job,
                "query-repeats",
                "POST",
                "/api/v2/analytics/conversations/details/query",
                analytics.repeatQuery(ani, call.end(), call.end().plus(properties.repeatWindow())));
    }

    /** A conversation read: kept (and the run goes on) once it ended {@code settle} ago; else the job waits. */
    private Run settled(Run run, Handoff handoff, String id, String field, String what, CallFacts facts) {
        if (!facts.ended()) {
            return miss(id, handoff, run.job(), what + " has not ended");
        }
        Instant trusted = facts.end().plus(properties.settle());
        if (clock.instant().isBefore(trusted)) {
            return wait(id, run.job(), trusted);
        }
        store.tag(handoff.id(), field, write(facts));
        run.job().put(field, write(facts));
        return next(handoff, run.job());
    }

    /** An agent took {@code facts}' conversation: the outcome, once its wrap-up code has a name. */
    private Run withAgent(Map<String, String> job, String type, CallFacts facts, String detail) {
        Outcome outcome = new Outcome(
                type, facts.wrapUpCodeId(), facts.agentReached() ? facts.handleSeconds() : null, null, detail);
        if (facts.wrapUpCodeId() == null) {
            return deciding(job, outcome, null);
        }
        String name = wrapUpCodes.known(facts.wrapUpCodeId());
        if (name != null) {
            return deciding(job, named(outcome, name), null);
        }
        Run asking = deciding(job, outcome, "/api/v2/routing/wrapupcodes/" + facts.wrapUpCodeId());
        return new Run(
                asking.step(),
                asking.method(),
                asking.path(),
                asking.body(),
                job,
                asking.deciding(),
                facts.wrapUpCodeId());
    }

    /** The outcome to write; {@code namePath}: first ask Genesys for the wrap-up code's name there. */
    private Run deciding(Map<String, String> job, Outcome outcome, String namePath) {
        if (namePath == null) {
            return new Run("decide", null, null, null, job, outcome, null);
        }
        return new Run("name-wrap-up", "GET", namePath, "", job, outcome, null);
    }

    private static Outcome named(Outcome outcome, String name) {
        return new Outcome(outcome.type(), name, outcome.handleSeconds(), null, outcome.detail());
    }

    /** The step and its Genesys request (method, path, body) for routes/agent/call-outcomes.yaml. */
    private static Run request(Map<String, String> job, String step, String method, String path, String body) {
        return new Run(step, method, path, body == null ? "" : body, job, null, null);
    }

    /** Facts trusted, but not yet what the outcome needs (settle, the window): the job comes back at {@code at}. */
    private Run wait(String id, Map<String, String> job, Instant at) {
        jobs.reschedule(id, at.toEpochMilli());
        return Run.at("wait", job);
    }

    /** Analytics could not tell (yet): noted, and the job comes back after the doubling retry wait. */
    private Run miss(String id, Handoff handoff, Map<String, String> job, String why) {
        int attempts = 1 + (job == null || job.get(ATTEMPTS) == null ? 0 : Integer.parseInt(job.get(ATTEMPTS)));
        store.tag(id, ATTEMPTS, Integer.toString(attempts));
        store.tag(id, LAST_MISS, why);
        long due = clock.instant()
                .plus(properties.retryAfter(Math.min(attempts, 30)))
                .toEpochMilli();
        long giveUp = handoff == null ? due : giveUpAt(handoff).toEpochMilli();
        jobs.reschedule(id, Math.min(due, giveUp));
        return Run.at("wait", job);
    }

    private Instant giveUpAt(Handoff handoff) {
        return handoff.createdAt().plus(properties.giveUp());
    }

    private boolean completed(String handoffId) {
        return store.history(handoffId).stream().anyMatch(e -> e.status() == HandoffStatus.COMPLETED);
    }

    private CallFacts read(String value) {
        try {
            return value == null ? null : json.readValue(value, CallFacts.class);
        } catch (JsonProcessingException e) {
            return null; // unreadable (an older shape): read again from Genesys
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outcome values always serialise", e);
        }
    }
}
