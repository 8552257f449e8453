package com.ivrvideobridge.media;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bridge.media.*}: which buckets may be signed, and for how long. */
@ConfigurationProperties("bridge.media")
public class MediaProperties {

    /** Buckets that callers may name; any other bucket is refused with 403. */
    private List<String> allowedBuckets = new ArrayList<>();

    /** Bucket used when a request names none. Must be on the allow-list. */
    private String defaultBucket = "";

    /** Longest asset id accepted (S3 keys may be up to 1024 bytes). */
    private int assetIdMaxLength = 512;

    /**
     * How long an asset seen to exist is trusted without another HEAD. A missing asset is never
     * remembered, so a newly uploaded one is signable at once.
     */
    private Duration assetCheckTtl = Duration.ofSeconds(60);

    /** Longest session token accepted. */
    private int sessionTokenMaxLength = 256;

    private final Expiry expiry = new Expiry();
    private final Cache cache = new Cache();
    private final CredentialLimit credentialLimit = new CredentialLimit();

    /** Lifetimes of presigned URLs, in seconds. */
    public static class Expiry {
        private int defaultSeconds = 300;
        private int min = 60;
        private int max = 900;

        public int getDefault() {
            return defaultSeconds;
        }

        public void setDefault(int defaultSeconds) {
            this.defaultSeconds = defaultSeconds;
        }

        public int getMin() {
            return min;
        }

        public void setMin(int min) {
            this.min = min;
        }

        public int getMax() {
            return max;
        }

        public void setMax(int max) {
            // SigV4's own limit: S3 refuses a presigned link that claims to last longer than 7 days.
            if (max < 1 || max > SigV4QueryString.MAX_EXPIRES_SECONDS) {
                throw new IllegalArgumentException(
                        "bridge.media.expiry.max must be between 1 and 604800 seconds (7 days), not " + max);
            }
            this.max = max;
        }
    }

    /** Signed URLs kept in memory per (bucket, asset, session token, lifetime), and their signing windows. */
    public static class Cache {
        private boolean enabled = true;
        /**
         * Share of its lifetime that a URL must still have when it is handed out (0.05 to 0.95).
         * The signing window is the rest (SigningWindow); a read re-checks it against the clock.
         */
        private double minRemainingFraction = 0.8;
        /** Signed URLs each instance keeps in memory. */
        private int localMaxEntries = 10_000;

        public int getLocalMaxEntries() {
            return localMaxEntries;
        }

        public void setLocalMaxEntries(int localMaxEntries) {
            this.localMaxEntries = localMaxEntries;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public double getMinRemainingFraction() {
            return minRemainingFraction;
        }

        public void setMinRemainingFraction(double minRemainingFraction) {
            // Above 0.95 a short URL's window would be under a second (links signed each second
            // could not keep the promise); near 0 a URL could be handed out about to expire.
            if (!(minRemainingFraction >= 0.05 && minRemainingFraction <= 0.95)) {
                throw new IllegalArgumentException(
                        "bridge.media.cache.min-remaining-fraction must be between 0.05 and 0.95, not "
                                + minRemainingFraction);
            }
            this.minRemainingFraction = minRemainingFraction;
        }
    }

    /** What to do when the signing credentials expire before the requested URL lifetime ends. */
    public static class CredentialLimit {
        /** {@code shorten}: issue a shorter URL and say so; {@code refuse}: answer 503. */
        private CredentialLimitPolicy policy = CredentialLimitPolicy.SHORTEN;
        /** Kept between the URL's end and the credentials' end, for clock skew. */
        private Duration safetyMargin = Duration.ofSeconds(30);

        public CredentialLimitPolicy getPolicy() {
            return policy;
        }

        public void setPolicy(CredentialLimitPolicy policy) {
            this.policy = policy;
        }

        public Duration getSafetyMargin() {
            return safetyMargin;
        }

        public void setSafetyMargin(Duration safetyMargin) {
            this.safetyMargin = safetyMargin;
        }
    }

    public List<String> getAllowedBuckets() {
        return allowedBuckets;
    }

    public void setAllowedBuckets(List<String> allowedBuckets) {
        this.allowedBuckets = allowedBuckets;
    }

    public String getDefaultBucket() {
        return defaultBucket;
    }

    public void setDefaultBucket(String defaultBucket) {
        this.defaultBucket = defaultBucket;
    }

    public Duration getAssetCheckTtl() {
        return assetCheckTtl;
    }

    public void setAssetCheckTtl(Duration assetCheckTtl) {
        this.assetCheckTtl = assetCheckTtl;
    }

    public int getAssetIdMaxLength() {
        return assetIdMaxLength;
    }

    public void setAssetIdMaxLength(int assetIdMaxLength) {
        this.assetIdMaxLength = assetIdMaxLength;
    }

    public int getSessionTokenMaxLength() {
        return sessionTokenMaxLength;
    }

    public void setSessionTokenMaxLength(int sessionTokenMaxLength) {
        this.sessionTokenMaxLength = sessionTokenMaxLength;
    }

    public Expiry getExpiry() {
        return expiry;
    }

    public Cache getCache() {
        return cache;
    }

    public CredentialLimit getCredentialLimit() {
        return credentialLimit;
    }
}
