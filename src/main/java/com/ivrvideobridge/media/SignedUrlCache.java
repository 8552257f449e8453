package com.ivrvideobridge.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Signed URLs kept in each instance, so that an IVR prompt repeated for the same caller does not
 * sign again. Nothing is shared between instances, and nothing needs to be: a link is signed at
 * the start of its {@link SigningWindow}, so every instance with the same credentials signs the
 * same one, and any instance's link is as good (until 2026-12 links were kept in Redis too: two
 * round trips for every caller's first link, the common case).
 *
 * <p>The rule: a URL is handed out only while at least {@code min-remaining-fraction} (default
 * 80 %) of its lifetime is left. An entry lives until its window ends, and every read checks the
 * remaining life against the clock again, so a clock step cannot hand out a URL about to die.
 */
@Component
public class SignedUrlCache {

    private final Clock clock;
    private final MediaProperties.Cache settings;
    private final Cache<SignRequest, SignedUrl> urls;

    public SignedUrlCache(Clock clock, MediaProperties media) {
        this.clock = clock;
        this.settings = media.getCache();
        this.urls = Caffeine.newBuilder()
                .maximumSize(settings.getLocalMaxEntries())
                .expireAfter(Expiry.creating((SignRequest request, SignedUrl url) -> freshFor(url)))
                .build();
    }

    public Optional<SignedUrl> find(SignRequest request) {
        if (!settings.isEnabled()) {
            return Optional.empty();
        }
        SignedUrl url = urls.getIfPresent(request);
        return url != null && fresh(url) ? Optional.of(url.fromCache()) : Optional.empty();
    }

    public void store(SignRequest request, SignedUrl url) {
        if (settings.isEnabled() && !freshFor(url).isZero()) {
            urls.put(request, url);
        }
    }

    private boolean fresh(SignedUrl url) {
        return url.hasRemainingShare(clock.instant(), settings.getMinRemainingFraction());
    }

    /** How long the URL may still be handed out: until min-remaining-fraction of its life is left. */
    private Duration freshFor(SignedUrl url) {
        Duration left = url.timeAboveShare(clock.instant(), settings.getMinRemainingFraction());
        return left.isNegative() ? Duration.ZERO : left;
    }
}
