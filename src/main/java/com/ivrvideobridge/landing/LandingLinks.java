package com.ivrvideobridge.landing;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.LinkTokens;
import com.ivrvideobridge.web.ApiException;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * What a landing-link token stands for, and whether it may still be used. A link is refused when
 * unknown (404), past its life (410), or revoked because the caller was passed to an agent (410):
 * the page then says so and offers nothing to play.
 */
@Component
public class LandingLinks {

    private final HandoffStore store;
    private final Clock clock;

    public LandingLinks(HandoffStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The handoff of a link that may be opened now. */
    public Handoff openable(String token) {
        Handoff handoff = known(token);
        refuseIfRevoked(handoff);
        if (clock.instant().isAfter(handoff.linkExpiresAt())) {
            throw new ApiException(410, "link_expired", null, "This link has expired");
        }
        return handoff;
    }

    /** The handoff of a link whose session may go on playing (a session outlives the link's window). */
    public Handoff playable(String token) {
        Handoff handoff = known(token);
        refuseIfRevoked(handoff);
        return handoff;
    }

    private Handoff known(String token) {
        // Tokens are 128 random bits, URL-safe base64 (LinkTokens): anything else is not looked up.
        if (!LinkTokens.isToken(token)) {
            throw notFound();
        }
        return store.findByToken(token).orElseThrow(LandingLinks::notFound);
    }

    private static void refuseIfRevoked(Handoff handoff) {
        if (handoff.status() == HandoffStatus.ESCALATED || handoff.status() == HandoffStatus.EXPIRED) {
            throw new ApiException(410, "link_revoked", null, "This link is no longer active: an agent is taking over");
        }
    }

    private static ApiException notFound() {
        return new ApiException(404, "link_not_found", null, "No such link");
    }
}
