package com.ivrvideobridge.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bridge.embedded.*}: in-process stand-ins for Redis and S3 so the service runs on a
 * laptop with no Docker and no cloud account. Only the {@code local} profile turns them on.
 */
@ConfigurationProperties("bridge.embedded")
public class EmbeddedProperties {

    private final Redis redis = new Redis();
    private final S3 s3 = new S3();

    public Redis getRedis() {
        return redis;
    }

    public S3 getS3() {
        return s3;
    }

    /** A real redis-server binary started as a child process. */
    public static class Redis {
        private boolean enabled = false;
        private int port = 6390;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    /** S3Proxy over an in-memory store, enforcing SigV4 like S3, seeded with the sample tutorials. */
    public static class S3 {
        private boolean enabled = false;
        private int port = 9400;
        private String accessKey = "local-access-key";
        private String secretKey = "local-secret-key";
        private String bucket = "tutorials";
        /** Classpath folder whose files are uploaded into the bucket at start, keyed by their relative path. */
        private String seedLocation = "samples";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
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

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getSeedLocation() {
            return seedLocation;
        }

        public void setSeedLocation(String seedLocation) {
            this.seedLocation = seedLocation;
        }
    }
}
