package com.ivrvideobridge.media;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bridge.s3.*}: where the media lives. Empty endpoint and keys mean AWS with its default credential chain. */
@ConfigurationProperties("bridge.s3")
public class S3Properties {

    /** S3-compatible endpoint (MinIO, the embedded store...); empty for AWS S3. */
    private String endpoint = "";

    private String region = "us-east-1";
    /** Static keys for S3-compatible stores; empty to use the AWS default credential chain (roles, env, profile). */
    private String accessKey = "";

    private String secretKey = "";
    /** How often the bucket privacy check behind the health endpoint runs again. */
    private Duration privacyCheckInterval = Duration.ofMinutes(5);
    /**
     * Longest an S3 call may take, retries included (the webhook's asset check runs on a request
     * thread: a slow store answers 503 storage_unavailable within this).
     */
    private Duration apiCallTimeout = Duration.ofSeconds(3);
    /** Longest one attempt of an S3 call may take. */
    private Duration apiCallAttemptTimeout = Duration.ofSeconds(2);

    public boolean usesCustomEndpoint() {
        return endpoint != null && !endpoint.isBlank();
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public Duration getPrivacyCheckInterval() {
        return privacyCheckInterval;
    }

    public void setPrivacyCheckInterval(Duration privacyCheckInterval) {
        this.privacyCheckInterval = privacyCheckInterval;
    }

    public Duration getApiCallTimeout() {
        return apiCallTimeout;
    }

    public void setApiCallTimeout(Duration apiCallTimeout) {
        this.apiCallTimeout = apiCallTimeout;
    }

    public Duration getApiCallAttemptTimeout() {
        return apiCallAttemptTimeout;
    }

    public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
        this.apiCallAttemptTimeout = apiCallAttemptTimeout;
    }
}
