package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.deadline.Deadlines;
import com.ivrvideobridge.media.MediaProperties;
import com.ivrvideobridge.media.SignRequest;
import com.ivrvideobridge.outcome.CallOutcomes;
import com.ivrvideobridge.outcome.Outcome;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the handoff routes call: make, store, publish, answer and look up handoffs. The methods that
 * take the exchange take it only to tag the handoff they make or find in the log context
 * (HandoffLogContext: its ids as exchange properties and in the MDC).
 */
@Component("handoffs")
public class Handoffs {

    /** How the video reached the caller, as the context names it (the seed's source channel). */
    public static final String SOURCE_CHANNEL = "ivr_pushed_video";

    private final HandoffStore store;
    private final HandoffProperties properties;
    private final MediaProperties media;
    private final MessageTemplates templates;
    private final HandoffLogContext logContext;
    private final ObjectMapper json;
    private final Clock clock;
    private final String publicBaseUrl;

    private final Deadlines deadlines;
    private final Outbox outbox;
    private final CallOutcomes outcomes;

    public Handoffs(
            HandoffStore store,
            HandoffProperties properties,
            MediaProperties media,
            MessageTemplates templates,
            HandoffLogContext logContext,
            ObjectMapper json,
            Clock clock,
            @Value("${bridge.public-base-url}") String publicBaseUrl,
            Deadlines deadlines,
            Outbox outbox,
            CallOutcomes outcomes) {
        this.deadlines = deadlines;
        this.outcomes = outcomes;
        this.outbox = outbox;
        this.store = store;
        this.properties = properties;
        this.media = media;
        this.templates = templates;
        this.logContext = logContext;
        this.json = json;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    /** A new, unsaved handoff for this call; {@link #store} gives back the earlier one if this call and asset were offered before. */
    public Handoff draft(HandoffRequest request, Exchange exchange) {
        Instant now = clock.instant();
        Handoff handoff = new Handoff(
                UUID.randomUUID().toString(),
                LinkTokens.next(),
                request,
                media.getDefaultBucket(),
                null,
                HandoffStatus.OFFERED,
                now,
                now.plus(properties.getLinkTtl()));
        logContext.tag(exchange, handoff);
        return handoff;
    }

    /** What the sign step needs: the asset, for the landing page's session (the link token). */
    public SignRequest signRequest(Handoff handoff) {
        return new SignRequest(
                handoff.bucket(), handoff.call().assetId(), media.getExpiry().getDefault(), handoff.token());
    }

    /**
     * Stores the handoff, or returns the one already stored for this call and asset (a retried
     * webhook). A new one gets, in the same Redis step, its timeout-to-agent deadline (its
     * channel's timeout from now, moved on when it is sent: a caller whose message is stuck still
     * reaches an agent), its outbox entry (removed once the bus has the record) and its outcome job
     * (outcome.CallOutcomes: every handoff gets an outcome, whatever its channel or fate).
     */
    public Handoff store(Handoff handoff, Exchange exchange) {
        Handoff stored = store.storeOnce(
                handoff,
                Map.of(
                        deadlines.key(), deadlines.dueAt(handoff.channel()),
                        outbox.key(), outbox.sweepAt(),
                        outcomes.dueSetKey(), outcomes.firstLookAt(handoff)));
        logContext.tag(exchange, stored);
        return stored;
    }

    /** Whether the handoff still waits for a worker (new, or a retried call's not taken yet): it goes on the bus. */
    public boolean awaitsWorker(Handoff handoff) {
        return handoff.status() == HandoffStatus.OFFERED;
    }

    /** The bus acknowledged the handoff's record: its outbox entry goes. */
    public void published(Handoff handoff) {
        outbox.published(handoff);
    }

    /** Whether the handoff's link expired before a worker could send it (a long backlog): not sent, an agent instead. */
    public boolean linkExpired(Handoff handoff) {
        return !handoff.linkExpiresAt().isAfter(clock.instant());
    }

    public String link(Handoff handoff) {
        return publicBaseUrl + "/w/" + handoff.token();
    }

    public WebhookAnswer answer(Handoff handoff) {
        return new WebhookAnswer(
                handoff.id(),
                handoff.channel(),
                handoff.status().name(),
                handoff.linkExpiresAt(),
                templates.render(
                        "prompt-" + handoff.channel(),
                        handoff.call().locale(),
                        properties.getDefaultLocale(),
                        Map.of()),
                properties.isAnswerWithLink() ? link(handoff) : null);
    }

    /** The message text for a channel ({@code web} or {@code sms}), in the caller's locale, with the link. */
    public String messageText(Handoff handoff, String channel) {
        return templates.render(channel, handoff.call().locale(), properties.getDefaultLocale(), link(handoff));
    }

    /** The note posted into the conversation when the caller opens the link. */
    public String sessionStartedText(Handoff handoff, String sessionId) {
        return templates.render(
                "session-started",
                handoff.call().locale(),
                properties.getDefaultLocale(),
                Map.of("asset", handoff.call().assetId(), "source", SOURCE_CHANNEL, "session", sessionId));
    }

    /** {@code GET /api/v1/handoffs/{id}}: an id not shaped like ours is not looked up. */
    public HandoffView view(String id) {
        Handoff handoff = (Ids.isHandoffId(id) ? store.find(id) : Optional.<Handoff>empty())
                .orElseThrow(() -> new ApiException(404, "handoff_not_found", "id", "No handoff with id '" + id + "'"));
        String outcome = store.fields(id, List.of(CallOutcomes.OUTCOME)).get(CallOutcomes.OUTCOME);
        return HandoffView.of(handoff, store.history(id), outcome == null ? null : readOutcome(outcome));
    }

    private Outcome readOutcome(String value) {
        try {
            return json.readValue(value, Outcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable outcome in Redis", e);
        }
    }

    public String toJson(Handoff handoff) throws JsonProcessingException {
        return json.writeValueAsString(handoff);
    }

    public Handoff fromJson(String body, Exchange exchange) throws JsonProcessingException {
        Handoff handoff = json.readValue(body, Handoff.class);
        logContext.tag(exchange, handoff);
        return handoff;
    }

    /** The handoff, or null when Redis no longer has it. */
    public Handoff findById(String id, Exchange exchange) {
        Handoff handoff = store.find(id).orElse(null);
        logContext.tag(exchange, handoff);
        return handoff;
    }

    public Handoff byId(String id, Exchange exchange) {
        Handoff handoff = store.find(id).orElseThrow(() -> new IllegalStateException("No handoff " + id));
        logContext.tag(exchange, handoff);
        return handoff;
    }

    /** The current stored state (a record on the bus may be older than Redis). */
    public Handoff current(Handoff handoff) {
        return store.find(handoff.id()).orElse(handoff);
    }

    public boolean transition(Handoff handoff, String status, String detail) {
        return store.transition(handoff.id(), HandoffStatus.valueOf(status), detail);
    }

    public void note(Handoff handoff, String detail) {
        store.note(handoff.id(), detail);
    }
}
