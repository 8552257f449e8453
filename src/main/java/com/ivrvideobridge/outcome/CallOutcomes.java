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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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

    /** Exchange properties of a run: its next step, and the request the step makes. */
    public static final String STEP = "outcomeStep";

    private static final String JOB = "outcomeJob";
    private static final String DECIDING = "outcomeDeciding";
    private static final String WRAP_UP = "outcomeWrapUpCode";
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

    /** The body of the job's next Genesys call (property outcomeBody, set by the step), as JSON. */
    public void requestBody(@ExchangeProperty("outcomeBody") String body, Message message) {
        message.setBody(body);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    /**
     * The first step of a run, as property {@link #STEP}: {@code finish} (no handoff any more, or
     * already decided), {@code decide} (given up), or what to read next.
     */
    public void plan(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        if (handoff == null) {
            step(exchange, "finish");
            return;
        }
        Map<String, String> job = store.fields(handoff.id(), FIELDS);
        exchange.setProperty(JOB, job);
        if (job.get(OUTCOME) != null) {
            step(exchange, "finish");
        } else if (!clock.instant().isBefore(giveUpAt(handoff))) {
            String why = job.get(LAST_MISS) == null ? "Genesys analytics never answered" : job.get(LAST_MISS);
            decideUnknown(
                    exchange,
                    "no settled analytics " + properties.giveUp().toHours() + " h after the offer (last: " + why + ")");
        } else if (!ID.matcher(handoff.call().conversationId()).matches()) {
            decideUnknown(exchange, "the conversation id is not a Genesys id: analytics cannot be asked");
        } else {
            next(exchange, handoff, job);
        }
    }

    /** The outcome cannot be known (analytics never settled, or cannot be asked): say why. */
    private void decideUnknown(Exchange exchange, String why) {
        deciding(exchange, new Outcome(Outcome.UNKNOWN, null, null, null, why), null);
    }

    /** Genesys answered the voice conversation's details: trusted once it has ended and settled. */
    public void afterCall(Exchange exchange) throws JsonProcessingException {
        settled(exchange, CALL, "the call", analytics.details(body(exchange)));
    }

    /** Genesys answered the callback conversation's details: the same rule. */
    public void afterCallback(Exchange exchange) throws JsonProcessingException {
        settled(exchange, CALLBACK, "the callback", analytics.details(body(exchange)));
    }

    /**
     * Genesys answered the query for later calls from the number: the earliest that started after
     * the call ended and within the window (the answer holds whole days) is a repeat contact.
     */
    public void afterRepeats(Exchange exchange) throws JsonProcessingException {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        Map<String, String> job = job(exchange);
        CallFacts call = read(job.get(CALL));
        Instant windowEnd = call.end().plus(properties.repeatWindow());
        CallFacts repeat = analytics.queried(body(exchange)).stream()
                .filter(c -> c.start() != null
                        && c.start().isAfter(call.end())
                        && c.start().isBefore(windowEnd))
                .filter(c -> !handoff.call().conversationId().equals(c.conversationId())
                        && !String.valueOf(c.conversationId()).equals(job.get(CALLBACK_CONVERSATION)))
                .findFirst()
                .orElse(null);
        if (repeat != null) {
            withAgent(
                    exchange,
                    Outcome.REPEAT,
                    repeat,
                    "the same number called again "
                            + java.time.Duration.between(call.end(), repeat.start())
                                    .toMinutes() + " min after the call ("
                            + repeat.conversationId()
                            + (repeat.agentReached() ? ", an agent took it)" : ", no agent)"));
        } else if (completed(handoff.id())) {
            deciding(
                    exchange,
                    new Outcome(
                            Outcome.RESOLVED,
                            null,
                            null,
                            null,
                            "video completed, no agent, no call from " + "the number within "
                                    + properties.repeatWindow().toHours() + " h"),
                    null);
        } else {
            deciding(
                    exchange,
                    new Outcome(
                            Outcome.ABANDONED,
                            null,
                            null,
                            null,
                            "video not completed, no agent, no call " + "from the number within "
                                    + properties.repeatWindow().toHours() + " h"),
                    null);
        }
    }

    /** Genesys answered the wrap-up code (WrapupCode): its name goes into the outcome. */
    public void named(Exchange exchange) throws JsonProcessingException {
        String codeId = exchange.getProperty(WRAP_UP, String.class);
        Outcome pending = exchange.getProperty(DECIDING, Outcome.class);
        deciding(exchange, named(pending, wrapUpCodes.learn(codeId, body(exchange))), null);
    }

    /** The last step: writes the outcome (once: the first writer wins), notes it, ends the job. */
    public void decide(Exchange exchange) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        Outcome decided = exchange.getProperty(DECIDING, Outcome.class);
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
        finish(exchange);
    }

    public void finish(Exchange exchange) {
        jobs.done(exchange.getProperty("handoffId", String.class));
    }

    /**
     * A read failed after its retries (Genesys down, 429s that outlasted their retries, a 404 of a
     * conversation analytics does not have yet): the job comes back later, doubling the wait, never
     * past the give-up time. A wrap-up code Genesys no longer has is named by its id instead.
     */
    public void failed(Exchange exchange) {
        String id = exchange.getProperty("handoffId", String.class);
        String step = exchange.getProperty(STEP, String.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = error instanceof HttpOperationFailedException http ? http.getStatusCode() : 0;
        if ("name-wrap-up".equals(step) && status == 404) {
            wrapUpCodes.unknown(exchange.getProperty(WRAP_UP, String.class));
            jobs.reschedule(id, clock.millis());
            return;
        }
        String why = status == 404
                ? "not in analytics yet (404)"
                : status > 0
                        ? "HTTP " + status
                        : error == null ? "unknown error" : error.getClass().getSimpleName();
        log.warn("Handoff {}: the outcome's {} failed ({}): trying again later", id, step, why);
        miss(exchange, step + ": " + why);
    }

    // ----------------------------------------------------------------------------------------

    /** What the run reads next, given what the job already trusts. */
    private void next(Exchange exchange, Handoff handoff, Map<String, String> job) {
        CallFacts call = read(job.get(CALL));
        CallFacts callback = read(job.get(CALLBACK));
        String callbackId = job.get(CALLBACK_CONVERSATION);
        if (call == null) {
            request(
                    exchange,
                    "read-call",
                    "GET",
                    "/api/v2/analytics/conversations/" + handoff.call().conversationId() + "/details",
                    null);
        } else if (call.agentReached()) {
            withAgent(exchange, Outcome.ESCALATED, call, "an agent took the call");
        } else if (callbackId != null && ID.matcher(callbackId).matches() && callback == null) {
            request(
                    exchange,
                    "read-callback",
                    "GET",
                    "/api/v2/analytics/conversations/" + callbackId + "/details",
                    null);
        } else if (callback != null && callback.agentReached()) {
            withAgent(
                    exchange, Outcome.ESCALATED, callback, "an agent took the bridge's callback (" + callbackId + ")");
        } else {
            Instant windowClosed = call.end().plus(properties.repeatWindow()).plus(properties.settle());
            String ani = call.ani() != null ? call.ani() : handoff.call().phoneNumber();
            if (clock.instant().isBefore(windowClosed)) {
                wait(exchange, windowClosed);
            } else if (ani == null) {
                deciding(
                        exchange,
                        new Outcome(
                                completed(handoff.id()) ? Outcome.RESOLVED : Outcome.ABANDONED,
                                null,
                                null,
                                null,
                                "no agent; the caller's number is unknown, so later calls cannot be looked for"),
                        null);
            } else {
                request(
                        exchange,
                        "query-repeats",
                        "POST",
                        "/api/v2/analytics/conversations/details/query",
                        analytics.repeatQuery(ani, call.end(), call.end().plus(properties.repeatWindow())));
            }
        }
    }

    /** A conversation read: kept (and the run goes on) once it ended {@code settle} ago; else the job waits. */
    private void settled(Exchange exchange, String field, String what, CallFacts facts) {
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        if (!facts.ended()) {
            miss(exchange, what + " has not ended");
            return;
        }
        Instant trusted = facts.end().plus(properties.settle());
        if (clock.instant().isBefore(trusted)) {
            wait(exchange, trusted);
            return;
        }
        store.tag(handoff.id(), field, write(facts));
        job(exchange).put(field, write(facts));
        next(exchange, handoff, job(exchange));
    }

    /** An agent took {@code facts}' conversation: the outcome, once its wrap-up code has a name. */
    private void withAgent(Exchange exchange, String type, CallFacts facts, String detail) {
        Outcome outcome = new Outcome(
                type, facts.wrapUpCodeId(), facts.agentReached() ? facts.handleSeconds() : null, null, detail);
        if (facts.wrapUpCodeId() == null) {
            deciding(exchange, outcome, null);
            return;
        }
        String name = wrapUpCodes.known(facts.wrapUpCodeId());
        if (name != null) {
            deciding(exchange, named(outcome, name), null);
        } else {
            exchange.setProperty(WRAP_UP, facts.wrapUpCodeId());
            deciding(exchange, outcome, "/api/v2/routing/wrapupcodes/" + facts.wrapUpCodeId());
        }
    }

    /** The outcome to write; {@code namePath}: first ask Genesys for the wrap-up code's name there. */
    private void deciding(Exchange exchange, Outcome outcome, String namePath) {
        exchange.setProperty(DECIDING, outcome);
        if (namePath == null) {
            step(exchange, "decide");
        } else {
            request(exchange, "name-wrap-up", "GET", namePath, null);
        }
    }

    private static Outcome named(Outcome outcome, String name) {
        return new Outcome(outcome.type(), name, outcome.handleSeconds(), null, outcome.detail());
    }

    /** The step and its Genesys request (path, method, body) for routes/agent/call-outcomes.yaml. */
    private void request(Exchange exchange, String step, String method, String path, String body) {
        step(exchange, step);
        exchange.setProperty("outcomeMethod", method);
        exchange.setProperty("outcomePath", path);
        exchange.setProperty("outcomeBody", body == null ? "" : body);
    }

    /** Facts trusted, but not yet what the outcome needs (settle, the window): the job comes back at {@code at}. */
    private void wait(Exchange exchange, Instant at) {
        step(exchange, "wait");
        jobs.reschedule(exchange.getProperty("handoffId", String.class), at.toEpochMilli());
    }

    /** Analytics could not tell (yet): noted, and the job comes back after the doubling retry wait. */
    private void miss(Exchange exchange, String why) {
        step(exchange, "wait");
        String id = exchange.getProperty("handoffId", String.class);
        Map<String, String> job = job(exchange);
        int attempts = 1 + (job == null || job.get(ATTEMPTS) == null ? 0 : Integer.parseInt(job.get(ATTEMPTS)));
        store.tag(id, ATTEMPTS, Integer.toString(attempts));
        store.tag(id, LAST_MISS, why);
        Handoff handoff = exchange.getProperty("handoff", Handoff.class);
        long due = clock.instant()
                .plus(properties.retryAfter(Math.min(attempts, 30)))
                .toEpochMilli();
        long giveUp = handoff == null ? due : giveUpAt(handoff).toEpochMilli();
        jobs.reschedule(id, Math.min(due, giveUp));
    }

    private Instant giveUpAt(Handoff handoff) {
        return handoff.createdAt().plus(properties.giveUp());
    }

    private boolean completed(String handoffId) {
        return store.history(handoffId).stream().anyMatch(e -> e.status() == HandoffStatus.COMPLETED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> job(Exchange exchange) {
        return exchange.getProperty(JOB, Map.class);
    }

    private static String body(Exchange exchange) {
        return exchange.getMessage().getBody(String.class);
    }

    private static void step(Exchange exchange, String step) {
        exchange.setProperty(STEP, step);
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
