package com.ivrvideobridge.landing;

import com.ivrvideobridge.deadline.Deadlines;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.LinkTokens;
import com.ivrvideobridge.security.ConstantTimeMatcher;
import com.ivrvideobridge.support.Hashes;
import com.ivrvideobridge.web.ApiException;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The handshake the landing page's script makes once it has loaded (routes/landing-handshake.yaml).
 * A page that runs is a person's browser, so this, and not fetching the page, opens the link:
 * the handoff becomes OPENED (once, from any not-yet-opened state, atomically against a timeout
 * racing it), the timeout-to-agent deadline is cancelled, and the route tells Genesys.
 * Each page load gets its own viewing session ({@code bridge:session:{id}}: the handoff and a hash
 * of the session key that its telemetry must carry); a second device within the link's window
 * opens a second session of the same handoff. Known preview fetchers get a session that never counts.
 */
@Component("landingSessions")
public class LandingSessions {

    /** Exchange property set when this handshake opened the handoff: the route then tells Genesys. */
    public static final String OPENED_NOW = "landingOpenedNow";
    public static final String SESSION_ID = "landingSessionId";

    private static final List<HandoffStatus> NOT_YET_OPENED = List.of(HandoffStatus.OFFERED, HandoffStatus.SENT,
            HandoffStatus.DELIVERED);

    private final LandingLinks links;
    private final HandoffStore store;
    private final Deadlines deadlines;
    private final Playback playback;
    private final LandingProperties properties;
    private final StringRedisTemplate redis;
    private final HandoffLogContext logContext;

    public LandingSessions(LandingLinks links, HandoffStore store, Deadlines deadlines, Playback playback,
                           LandingProperties properties, StringRedisTemplate redis, HandoffLogContext logContext) {
        this.logContext = logContext;
        this.links = links;
        this.store = store;
        this.deadlines = deadlines;
        this.playback = playback;
        this.properties = properties;
        this.redis = redis;
    }

    public SessionAnswer open(Exchange exchange) {
        String token = exchange.getMessage().getHeader("token", String.class);
        Handoff handoff = links.openable(token);
        logContext.tag(exchange, handoff);
        String preview = properties.previewAgent(exchange.getMessage().getHeader("User-Agent", String.class));
        String sessionId = LinkTokens.next();
        String sessionKey = LinkTokens.next();
        redis.opsForHash().putAll(key(sessionId), Map.of("handoff", handoff.id(), "key", Hashes.sha256Hex(sessionKey),
                "counted", Boolean.toString(preview == null)));
        redis.expire(key(sessionId), properties.sessionTtl());
        exchange.setProperty("handoff", handoff);
        exchange.setProperty(SESSION_ID, sessionId);
        // What to play first: if the store fails, the link is not marked opened and the page can retry.
        PlaybackMedia media = playback.media(handoff, token, sessionId);
        if (preview != null) {
            store.note(handoff.id(), "handshake by a preview fetcher (" + preview + "): not counted as opened");
        } else if (store.transitionFrom(handoff.id(), HandoffStatus.OPENED, NOT_YET_OPENED,
                "opened on the landing page (session " + shortId(sessionId) + ")")) {
            deadlines.cancel(handoff.id());
            exchange.setProperty(OPENED_NOW, true);
        }
        return new SessionAnswer(sessionId, sessionKey, preview == null, media, properties.completionThreshold());
    }

    /** The session's handoff id, if the session exists, belongs to this handoff and {@code sessionKey} is its key. */
    public Session verify(Handoff handoff, String sessionId, String sessionKey) {
        Session session = find(handoff, sessionId);
        if (sessionKey == null || !new ConstantTimeMatcher(List.of(session.keyHash())).matches(Hashes.sha256Hex(sessionKey))) {
            throw forged();
        }
        return session;
    }

    /** The session, if it exists and belongs to this handoff (no key: playlist fetches by the player). */
    public Session find(Handoff handoff, String sessionId) {
        if (!LinkTokens.isToken(sessionId)) {
            throw forged();
        }
        List<Object> fields = redis.opsForHash().multiGet(key(sessionId), List.of("handoff", "key", "counted"));
        if (fields.get(0) == null || !handoff.id().equals(fields.get(0))) {
            throw forged();
        }
        return new Session(sessionId, (String) fields.get(1), Boolean.parseBoolean((String) fields.get(2)));
    }

    static String shortId(String sessionId) {
        return sessionId.substring(0, 8);
    }

    private static String key(String sessionId) {
        return "bridge:session:" + sessionId;
    }

    private static ApiException forged() {
        return new ApiException(403, "session_invalid", "sessionId", "Unknown session, or not this link's session");
    }

    /** A viewing session; {@code counted} is false for preview fetchers. */
    public record Session(String id, String keyHash, boolean counted) {
    }
}
