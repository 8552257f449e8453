package com.ivrvideobridge.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.support.DueSet;
import com.ivrvideobridge.support.ExchangeProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts for Genesys agentless SMS, which has none of its own: it is not an Open
 * Messaging integration, so no receipt ever reaches /api/v1/messaging/receipts. Instead the bridge
 * asks Genesys, {@code GET /api/v2/conversations/messages/{conversationId}/messages/{messageId}}
 * (MessageData, its {@code status}), at {@code bridge.sms.agentless-receipts.poll-delays} after the
 * send (5 s, 30 s, 2 min), until the status is final; then gives up with a note. What it learns goes
 * through SmsReceipts like any provider's receipt (normalised, idempotent, never backwards).
 * <p>
 * Polls are a {@link DueSet} in Redis ({@code bridge:agentless-polls}, claimed like deadlines), so
 * they survive restarts and each is made by one instance (routes/delivery/poll-agentless-receipts.yaml). A member
 * is {@code sentAt:attempt:conversationId:messageId}: everything a poll needs, in one key.
 */
@Component("agentlessReceipts")
public class AgentlessReceipts {

    private static final Logger log = LoggerFactory.getLogger(AgentlessReceipts.class);

    static final String PENDING = "bridge:agentless-polls";
    static final String CLAIMED = "bridge:agentless-polls:claimed";
    /** Exchange property holding the {@link Poll} being made (routes/delivery/poll-agentless-receipts.yaml). */
    public static final String POLL = "agentlessPoll";
    /** Exchange property holding what the poll read ({@link SmsReceipts.Report}), for the steps after its recording. */
    public static final String REPORT = ExchangeProperties.AGENTLESS_REPORT;
    /** Genesys ids are UUIDs; anything else is not put into a URL path. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final DueSet polls;
    private final SmsProperties sms;
    private final SmsReceipts receipts;
    private final HandoffStore handoffs;
    private final ObjectMapper json;
    private final Clock clock;

    public AgentlessReceipts(
            StringRedisTemplate redis,
            Clock clock,
            SmsProperties sms,
            SmsReceipts receipts,
            HandoffStore handoffs,
            ObjectMapper json) {
        this.polls = new DueSet(redis, clock, PENDING, CLAIMED);
        this.sms = sms;
        this.receipts = receipts;
        this.handoffs = handoffs;
        this.json = json;
        this.clock = clock;
    }

    /** One status poll of one message: the {@code attempt}-th (from 0) of the schedule, counted from {@code sentAt}. */
    public record Poll(long sentAt, int attempt, String conversationId, String messageId) {

        String member() {
            return sentAt + ":" + attempt + ":" + conversationId + ":" + messageId;
        }

        static Poll of(String member) {
            String[] parts = member.split(":", 4);
            return new Poll(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2], parts[3]);
        }

        Poll next() {
            return new Poll(sentAt, attempt + 1, conversationId, messageId);
        }
    }

    /**
     * After a message was sent (routes/delivery/message-sent.yaml, after Deliveries.recordSent):
     * schedules the first status poll of an agentless SMS through Genesys, which sends no receipts.
     * Its answer (SendAgentlessOutboundMessageResponse, the body) names the messaging conversation;
     * {@code messageId} is the one Deliveries took from it. Any other send: nothing to do.
     */
    public void expect(
            @ExchangeProperty(ExchangeProperties.SENDING_CHANNEL) String channel,
            @ExchangeProperty(ExchangeProperties.PROVIDER_MESSAGE_ID) String messageId,
            @Body String providerAnswer) {
        List<Duration> delays = sms.agentlessReceipts().pollDelays();
        if (!"sms".equals(channel)
                || !"genesys".equals(sms.provider())
                || delays.isEmpty()
                || providerAnswer == null
                || providerAnswer.isBlank()) {
            return;
        }
        JsonNode answer;
        try {
            answer = json.readTree(providerAnswer);
        } catch (JsonProcessingException e) {
            answer = json.missingNode();
        }
        String conversationId = answer.path("conversationId").asText("");
        if (messageId == null
                || !ID.matcher(messageId).matches()
                || !ID.matcher(conversationId).matches()) {
            log.warn(
                    "Genesys accepted the SMS but its answer names no usable conversation and message id: no delivery status polls");
            return;
        }
        long sentAt = clock.millis();
        polls.scheduleAt(
                new Poll(sentAt, 0, conversationId, messageId).member(),
                sentAt + delays.get(0).toMillis());
    }

    /** Due polls for this instance (at most batch-size), each leased to it. */
    public List<Poll> claimDue() {
        List<Poll> due = new ArrayList<>();
        for (String member : polls.claimDue(
                sms.agentlessReceipts().lease(), sms.agentlessReceipts().batchSize())) {
            due.add(Poll.of(member));
        }
        return due;
    }

    /**
     * Genesys answered the poll with the message (MessageData): its status as a receipt report, for
     * SmsReceipts (route record-receipt). A status we do not know has none ({@link #unknownStatus}).
     */
    public SmsReceipts.Report read(@Body String body, @ExchangeProperty(POLL) Poll poll)
            throws JsonProcessingException {
        JsonNode message = body == null || body.isBlank() ? json.missingNode() : json.readTree(body);
        String reported = message.path("status").asText(null);
        DeliveryStatus status = DeliveryStatus.fromGenesysMessage(reported);
        return new SmsReceipts.Report(
                "genesys sms", poll.messageId(), status, reported, status == null ? null : reason(message, reported));
    }

    /** A status we do not know: nothing recorded, the next poll of the schedule. */
    public SmsReceipts.Receipt unknownStatus(
            @ExchangeProperty(REPORT) SmsReceipts.Report report, @ExchangeProperty(POLL) Poll poll) {
        log.warn("Genesys reported an unknown message status '{}': polling on", report.reported());
        next(poll, "status " + report.reported());
        return new SmsReceipts.Receipt("unchanged", report.reported(), null, null);
    }

    /**
     * After the status was recorded (the receipt, the body): a final one (delivered, undelivered,
     * failed) or a message no longer ours ends the polls, any other waits for the next poll.
     */
    public void afterReceipt(
            @Body SmsReceipts.Receipt receipt,
            @ExchangeProperty(REPORT) SmsReceipts.Report report,
            @ExchangeProperty(POLL) Poll poll) {
        if (report.status().isFinal() || "ignored".equals(receipt.result())) {
            polls.done(poll.member());
        } else {
            next(poll, "status " + report.reported());
        }
    }

    /**
     * The poll's GET failed for good (a 5xx or I/O error after its retries, a 404, any other 4xx):
     * the next poll of the schedule tries again; after the last, the bridge gives up with a note.
     * The dead-letter processor of its route: it reads the caught exception.
     */
    public void pollFailed(
            @ExchangeProperty(POLL) Poll poll, @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception error) {
        String why = error instanceof HttpOperationFailedException http
                ? "HTTP " + http.getStatusCode()
                : error == null ? "unknown error" : error.getClass().getSimpleName();
        log.warn("Status poll {} of a Genesys agentless SMS failed ({})", poll.attempt() + 1, why);
        next(poll, "the status could not be read: " + why);
    }

    /** The next poll of the schedule (due now if its time has passed), or, after the last, a note that we gave up. */
    private void next(Poll poll, String lastSeen) {
        List<Duration> delays = sms.agentlessReceipts().pollDelays();
        Poll next = poll.next();
        if (next.attempt() < delays.size()) {
            // Scheduled before the claim is released: a crash in between repeats a poll, never loses one.
            polls.scheduleAt(
                    next.member(), next.sentAt() + delays.get(next.attempt()).toMillis());
        } else {
            String handoffId = receipts.handoffOf(poll.messageId());
            if (handoffId != null) {
                handoffs.note(
                        handoffId,
                        "genesys sms: no final delivery status after " + delays.size() + " status polls over "
                                + delays.get(delays.size() - 1).toSeconds() + " s (last: " + lastSeen + ")");
            }
        }
        polls.done(poll.member());
    }

    /**
     * Why Genesys says it failed: the reason codes of the message's normalised receipts (the Open
     * Messaging codes, e.g. RecipientOptedOut), else the status itself.
     */
    private static String reason(JsonNode message, String reported) {
        List<String> codes = new ArrayList<>();
        message.path("normalizedReceipts")
                .forEach(receipt -> receipt.path("reasons")
                        .forEach(reason -> codes.add(reason.path("code").asText(null))));
        return codes.stream().anyMatch(code -> code != null && !code.isBlank())
                ? DeliveryStatus.openMessagingReason(codes)
                : "message status " + reported;
    }
}
