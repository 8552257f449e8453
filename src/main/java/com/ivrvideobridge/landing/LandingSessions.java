package com.ivrvideobridge.landing;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffLogContext;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.LinkTokens;
import com.ivrvideobridge.security.ConstantTimeMatcher;
import com.ivrvideobridge.support.Hashes;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The handshake the landing page's script makes once it has loaded (routes/landing/landing-handshake.yaml).
 * A page that runs is a person's browser, so this, and not fetching the page, opens the link:
 * the handoff becomes OPENED (once, from any not-yet-opened state, atomically against a timeout
 * racing it), the timeout-to-agent deadline is moved to bridge.timeout.opened (started by then,
 * or an agent), and the route tells Genesys.
 * Each page load gets its own viewing session ({@code bridge:session:{id}}: the handoff and a hash
 * of the session key that its telemetry must carry); a second device within the link's window
 * opens a second session of the same handoff. Known preview fetchers get a session that never counts.
 * A handoff has at most {@code bridge.landing.max-sessions-per-handoff} sessions alive at once
 * ({@code bridge:handoff:{id}:sessions}, scored by when each ends): one link reloaded in a loop
 * cannot fill Redis.
 */
@Component("landingSessions")
public class LandingSessions {

    /** Exchange property: the session the handshake made ({@link Opening}). */
    public static final String OPENING = "landingOpening";

    /** Exchange property: true when this handshake opened the handoff (the route then tells Genesys). */
    public static final String OPENED_NOW = "landingOpenedNow";

    /** Exchange property: the viewing session's id (the Genesys announcement names it). */
    public static final String SESSION_ID = "landingSessionId";

    /**
     * A new session, unless its handoff already has the most it may have alive: then nothing is
     * written and the time (ms) the oldest ends is returned, else 0. KEYS: session hash, the
     * handoff's sessions. ARGV: handoff id, key hash, counted, now (ms: when it opened), session
     * ttl (s), session end (ms), most sessions, session id.
     */
    private static final RedisScript<Long> OPEN_SESSION = new DefaultRedisScript<>("""
            redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
            if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[7]) then
              return tonumber(redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2])
            end
            redis.call('HSET', KEYS[1], 'handoff', ARGV[1], 'key', ARGV[2], 'counted', ARGV[3], 'openedAt', ARGV[4])
            redis.call('EXPIRE', KEYS[1], ARGV[5])
            redis.call('ZADD', KEYS[2], ARGV[6], ARGV[8])
            redis.call('EXPIRE', KEYS[2], ARGV[5])
            return 0
            """, Long.class);

    private static final List<HandoffStatus> NOT_YET_OPENED =
            List.of(HandoffStatus.OFFERED, HandoffStatus.SENT, HandoffStatus.DELIVERED);

    private final LandingLinks links;
    private final HandoffStore store;
    private final Playback playback;
    private final LandingProperties properties;
    private final StringRedisTemplate redis;
    private final HandoffLogContext logContext;
    private final Clock clock;

    public LandingSessions(
            LandingLinks links,
            HandoffStore store,
            Playback playback,
            LandingProperties properties,
            StringRedisTemplate redis,
            HandoffLogContext logContext,
            Clock clock) {
        this.logContext = logContext;
        this.clock = clock;
        this.links = links;
        this.store = store;
        this.playback = playback;
        this.properties = properties;
        this.redis = redis;
    }

    /**
     * A viewing session the handshake just made: its handoff, its id and key, the preview fetcher
     * that made it (null: a person's browser, the session counts) and what to play first.
     */
    public record Opening(Handoff handoff, String sessionId, String sessionKey, String preview, PlaybackMedia media) {}

    /**
     * Makes the link's viewing session and finds what to play first (should the store fail, the
     * link is not marked opened and the page can retry). Takes the exchange for the log context.
     */
    public Opening open(@Header("token") String token, @Header("User-Agent") String userAgent, Exchange exchange) {
        Handoff handoff = links.openable(token);
        logContext.tag(exchange, handoff);
        String preview = properties.previewAgent(userAgent);
        String sessionId = LinkTokens.next();
        String sessionKey = LinkTokens.next();
        create(handoff, sessionId, sessionKey, preview == null);
        PlaybackMedia media = playback.media(handoff, token, sessionId);
        return new Opening(handoff, sessionId, sessionKey, preview, media);
    }

    /**
     * The handoff OPENED, once, from any not-yet-opened state (atomically against a timeout racing
     * it): true when this handshake opened it (the route then moves the deadline and tells
     * Genesys). A preview fetcher's handshake is only noted.
     */
    public boolean markOpened(@ExchangeProperty(OPENING) Opening opening) {
        String handoffId = opening.handoff().id();
        if (opening.preview() != null) {
            store.note(handoffId, "handshake by a preview fetcher (" + opening.preview() + "): not counted as opened");
            return false;
        }
        return store.transitionFrom(
                handoffId,
                HandoffStatus.OPENED,
                NOT_YET_OPENED,
                "opened on the landing page (session " + shortId(opening.sessionId()) + ")");
    }

    /** The page's answer: the session, its key, whether it counts, what to play. */
    public SessionAnswer answer(@ExchangeProperty(OPENING) Opening opening) {
        return new SessionAnswer(
                opening.sessionId(),
                opening.sessionKey(),
                opening.preview() == null,
                opening.media(),
                properties.completionThreshold());
    }

    private void create(Handoff handoff, String sessionId, String sessionKey, boolean counted) {
        Instant now = clock.instant();
        Duration ttl = properties.sessionTtl();
        int most = properties.maxSessionsPerHandoff() > 0 ? properties.maxSessionsPerHandoff() : Integer.MAX_VALUE;
        Long oldestEnds = redis.execute(
                OPEN_SESSION,
                List.of(key(sessionId), "bridge:handoff:" + handoff.id() + ":sessions"),
                handoff.id(),
                Hashes.sha256Hex(sessionKey),
                Boolean.toString(counted),
                Long.toString(now.toEpochMilli()),
                Long.toString(ttl.toSeconds()),
                Long.toString(now.plus(ttl).toEpochMilli()),
                Integer.toString(most),
                sessionId);
        if (oldestEnds != null && oldestEnds > 0) {
            throw new ApiException(
                            429,
                            "too_many_sessions",
                            null,
                            "This link already has " + most + " viewing sessions open; close one or try again later")
                    .retryAfter(Duration.ofMillis(Math.max(1000, oldestEnds - now.toEpochMilli())));
        }
    }

    /** The session's handoff id, if the session exists, belongs to this handoff and {@code sessionKey} is its key. */
    public Session verify(Handoff handoff, String sessionId, String sessionKey) {
        Session session = find(handoff, sessionId);
        if (sessionKey == null
                || !new ConstantTimeMatcher(List.of(session.keyHash())).matches(Hashes.sha256Hex(sessionKey))) {
            throw forged();
        }
        return session;
    }

    /** The session, if it exists and belongs to this handoff (no key: playlist fetches by the player). */
    public Session find(Handoff handoff, String sessionId) {
        if (!LinkTokens.isToken(sessionId)) {
            throw forged();
        }
        List<Object> fields =
                redis.opsForHash().multiGet(key(sessionId), List.of("handoff", "key", "counted", "openedAt"));
        if (fields.get(0) == null || !handoff.id().equals(fields.get(0))) {
            throw forged();
        }
        Instant openedAt = fields.get(3) == null ? null : Instant.ofEpochMilli(Long.parseLong((String) fields.get(3)));
        return new Session(sessionId, (String) fields.get(1), Boolean.parseBoolean((String) fields.get(2)), openedAt);
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

    /**
     * A viewing session; {@code counted} is false for preview fetchers; {@code openedAt} is when the
     * handshake made it (null for a session made before the service recorded it).
     */
    public record Session(String id, String keyHash, boolean counted, Instant openedAt) {}
}
