package com.ivrvideobridge.media;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/** A presigned GET URL and its life; also the JSON answer of the sign endpoint and the cached value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SignedUrl(
        @JsonProperty("signed_url") String url,
        @JsonProperty("bucket_name") String bucket,
        @JsonProperty("asset_id") String assetId,
        @JsonProperty("issued_at") Instant issuedAt,
        @JsonProperty("expires_at") Instant expiresAt,
        /** Set when the lifetime was shortened, saying why. */
        @JsonProperty("expiry_note") String expiryNote,
        @JsonProperty("cached") boolean cached) {

    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    public boolean hasRemainingShare(Instant now, double share) {
        return !timeAboveShare(now, share).isNegative();
    }

    /** How long from {@code now} until less than {@code share} of the lifetime is left (negative: already). */
    Duration timeAboveShare(Instant now, double share) {
        long guaranteedMillis = (long) Math.ceil(lifetime().toMillis() * share);
        return Duration.between(now, expiresAt).minusMillis(guaranteedMillis);
    }

    SignedUrl fromCache() {
        return new SignedUrl(url, bucket, assetId, issuedAt, expiresAt, expiryNote, true);
    }
}
