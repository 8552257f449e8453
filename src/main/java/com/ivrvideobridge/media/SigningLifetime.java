package com.ivrvideobridge.media;

import com.ivrvideobridge.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides how long a URL may live. A presigned URL stops working when the credentials that
 * signed it expire (temporary role credentials), so a URL must never be promised for longer:
 * it is shortened (and says so) or refused, as {@link CredentialLimitPolicy} says.
 */
public record SigningLifetime(Duration lifetime, String note) {

    public static SigningLifetime decide(
            int requestedSeconds, Optional<Instant> credentialsExpireAt, Instant now, MediaProperties media) {
        Duration requested = Duration.ofSeconds(requestedSeconds);
        if (credentialsExpireAt.isEmpty()) {
            return new SigningLifetime(requested, null);
        }
        MediaProperties.CredentialLimit limit = media.getCredentialLimit();
        Duration usable = Duration.between(now, credentialsExpireAt.get()).minus(limit.getSafetyMargin());
        if (usable.compareTo(requested) >= 0) {
            return new SigningLifetime(requested, null);
        }
        long usableSeconds = Math.max(0, usable.getSeconds());
        if (limit.getPolicy() == CredentialLimitPolicy.REFUSE
                || usableSeconds < media.getExpiry().getMin()) {
            throw new ApiException(
                    503,
                    "signing_credentials_expiring",
                    "expiration_seconds",
                    "The signing credentials expire in " + usableSeconds + " s (after the safety margin), before the "
                            + "requested " + requestedSeconds + " s; refused so that no URL outlives its credentials");
        }
        return new SigningLifetime(
                Duration.ofSeconds(usableSeconds),
                "Shortened from " + requestedSeconds + " s to " + usableSeconds
                        + " s because the signing credentials expire at " + credentialsExpireAt.get());
    }
}
