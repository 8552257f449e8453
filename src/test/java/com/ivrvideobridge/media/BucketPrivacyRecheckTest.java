package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.ivrvideobridge.testbed.MutableClock;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketAclResponse;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 calls are bounded (bridge.s3.api-call-timeout), so a cold or slow store can make the privacy
 * check time out: that check is inconclusive and is made again soon, not five minutes later. A
 * bucket found public stays DOWN until the next regular check.
 */
@Tag("integration")
class BucketPrivacyRecheckTest {

    private final S3Client s3 = mock(S3Client.class);
    private final MutableClock clock = new MutableClock();
    private BucketPrivacyHealthIndicator indicator;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void indicator() {
        when(s3.getBucketPolicyStatus(any(Consumer.class)))
                .thenThrow(S3Exception.builder()
                        .statusCode(404)
                        .message("no policy")
                        .build());
        S3Properties properties = new S3Properties();
        // The anonymous listing goes to a real store, which refuses it (the bucket is private).
        properties.setEndpoint(TestServers.s3Endpoint());
        MediaProperties media = new MediaProperties();
        media.setAllowedBuckets(List.of(TestServers.MEDIA_BUCKET));
        indicator = new BucketPrivacyHealthIndicator(s3, properties, media, clock);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCheckTheStoreDidNotAnswerInTimeIsMadeAgainWithinHalfAMinute() {
        when(s3.getBucketAcl(any(Consumer.class)))
                .thenThrow(SdkClientException.create(
                        "Client execution did not complete before the specified timeout configuration: 3000 millis"))
                .thenReturn(GetBucketAclResponse.builder().build());

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        clock.advance(BucketPrivacyHealthIndicator.RECHECK_AFTER_ERROR.plusSeconds(1));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBucketFoundPublicIsNotCheckedAgainBeforeTheInterval() {
        when(s3.getBucketAcl(any(Consumer.class)))
                .thenReturn(GetBucketAclResponse.builder()
                        .grants(Grant.builder()
                                .grantee(Grantee.builder()
                                        .uri("http://acs.amazonaws.com/groups/global/AllUsers")
                                        .build())
                                .permission(Permission.READ)
                                .build())
                        .build());

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        clock.advance(Duration.ofMinutes(1));

        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
        verify(s3, times(1)).getBucketAcl(any(Consumer.class));
    }
}
