package com.ivrvideobridge.media;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Health component {@code bucketPrivacy}: DOWN, with the reason logged, when any allowed media
 * bucket can be read without a signature (or cannot be checked). Checked at start-up and then at
 * most once per {@code bridge.s3.privacy-check-interval}, so health probes do not hammer S3. A check
 * that could not be made (the store unreachable, or slower than {@code bridge.s3.api-call-timeout},
 * as a cold store can be just after start-up) is made again after at most {@link #RECHECK_AFTER_ERROR}.
 */
@Component("bucketPrivacy")
public class BucketPrivacyHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BucketPrivacyHealthIndicator.class);
    /** When a check could not be made, the next one comes this soon (or at the interval, if shorter). */
    static final Duration RECHECK_AFTER_ERROR = Duration.ofSeconds(30);

    private final BucketPrivacyCheck check;
    private final List<String> buckets;
    private final S3Properties properties;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant nextCheck = Instant.MIN;

    public BucketPrivacyHealthIndicator(S3Client s3, S3Properties properties, MediaProperties media, Clock clock) {
        this.check = new BucketPrivacyCheck(s3, properties);
        this.buckets = List.copyOf(media.getAllowedBuckets());
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void checkAtStartup() {
        refresh();
    }

    @Override
    public Health health() {
        if (last == null || clock.instant().isAfter(nextCheck)) {
            refresh();
        }
        return last;
    }

    synchronized void refresh() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean allPrivate = true;
        boolean inconclusive = false;
        for (String bucket : buckets) {
            List<String> problems;
            try {
                problems = check.problems(bucket);
                if (!problems.isEmpty()) {
                    log.error("Media bucket is not private, reporting DOWN: {}", String.join("; ", problems));
                }
            } catch (RuntimeException e) {
                problems = List.of("bucket '" + bucket + "' could not be checked: " + e.getMessage());
                inconclusive = true;
                log.warn(
                        "Media bucket privacy could not be checked, reporting DOWN until a check (again within {} s) works: {}",
                        RECHECK_AFTER_ERROR.toSeconds(),
                        problems.get(0));
            }
            details.put(bucket, problems.isEmpty() ? "private" : String.join("; ", problems));
            allPrivate &= problems.isEmpty();
        }
        last = (allPrivate ? Health.up() : Health.down()).withDetails(details).build();
        Duration interval = properties.getPrivacyCheckInterval();
        nextCheck = clock.instant()
                .plus(inconclusive && RECHECK_AFTER_ERROR.compareTo(interval) < 0 ? RECHECK_AFTER_ERROR : interval);
    }
}
