package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * QuerySigner's links against the SDK presigner's for the same object, signed at the same second:
 * the same link, signature included, for awkward keys, both address styles, temporary credentials
 * and buckets whose links another service name signs. (The test bed's real S3 store checks the
 * signatures of the links the service hands out: SignedUrlCacheTest, the landing-page tests.)
 */
class QuerySignerTest {

    private static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");
    private static final AwsSessionCredentials ROLE =
            AwsSessionCredentials.create("ASIAEXAMPLE", "role-secret", "session/token+with=odd&chars");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "welcome/welcome.mp4",
                "a b/c+d=e&f.mp4",
                "déjà vu/ünïcode €.m3u8",
                "percent%2F/tilde~/star*.ts",
                "trailing/",
                "double//slash.ts"
            })
    void signsThePresignersLinkForAPathStyleStore(String key) {
        assertSameLink(presigner("http://127.0.0.1:9400", KEYS), KEYS, "tutorials", key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"welcome/welcome.mp4", "a b/c+d=e&f.mp4", "déjà vu/ünïcode €.m3u8"})
    void signsThePresignersLinkForAnAwsBucketWithTemporaryCredentials(String key) {
        assertSameLink(presigner(null, ROLE), ROLE, "tutorials", key);
    }

    @Test
    void takesTheServiceAndRegionFromThePresignersProbe() {
        // An Object Lambda access point in another region: signed for s3-object-lambda in us-west-2.
        String accessPoint = "arn:aws:s3-object-lambda:us-west-2:123456789012:accesspoint/tutorials";
        String link = assertSameLink(presigner(null, KEYS, Region.US_WEST_2), KEYS, accessPoint, "welcome/welcome.mp4");
        assertThat(link).contains("%2Fus-west-2%2Fs3-object-lambda%2Faws4_request");
    }

    @Test
    void theSameObjectAndTimeAlwaysGiveTheSameLinkAndAnotherTimeAnother() {
        QuerySigner signer = new QuerySigner(presigner("http://127.0.0.1:9400", KEYS), provider(KEYS));
        Instant at = Instant.parse("2026-12-02T12:00:00Z");

        String first = signer.sign(KEYS, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5));
        assertThat(signer.signsAtAChosenTime("tutorials")).isTrue();
        assertThat(signer.sign(KEYS, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5)))
                .isEqualTo(first);
        assertThat(signer.sign(KEYS, "tutorials", "k.ts", Map.of(), at.plusSeconds(60), Duration.ofMinutes(5)))
                .isNotEqualTo(first)
                .contains("X-Amz-Date=20261202T120100Z");
    }

    @Test
    void theSigningKeyKeptFromOneLinkIsNeverUsedForAnotherDayOrSecret() {
        S3Presigner presigner = presigner("http://127.0.0.1:9400", KEYS);
        QuerySigner kept = new QuerySigner(presigner, provider(KEYS));
        Instant day = Instant.parse("2026-12-02T23:59:59Z");
        kept.sign(KEYS, "tutorials", "k.ts", Map.of(), day, Duration.ofMinutes(5));

        // Each against a signer that has derived no key yet.
        for (Instant at : new Instant[] {day.plusSeconds(1), day}) {
            for (AwsCredentials credentials : new AwsCredentials[] {ROLE, KEYS}) {
                assertThat(kept.sign(credentials, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5)))
                        .isEqualTo(new QuerySigner(presigner, provider(KEYS))
                                .sign(credentials, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5)));
            }
        }
    }

    @Test
    void threadsSigningAtOnceWithOneKeptKeyGetTheLinksOneThreadSigns() throws Exception {
        // The kept key's Mac is cloned for each link: fed by two threads at once it would mix them.
        S3Presigner presigner = presigner("http://127.0.0.1:9400", KEYS);
        QuerySigner shared = new QuerySigner(presigner, provider(KEYS));
        QuerySigner alone = new QuerySigner(presigner, provider(KEYS));
        Instant at = Instant.parse("2026-12-02T12:00:00Z");
        List<Callable<List<String>>> threads = IntStream.range(0, 4)
                .<Callable<List<String>>>mapToObj(thread -> () -> IntStream.range(0, 500)
                        .mapToObj(i -> shared.sign(
                                KEYS, "tutorials", thread + "/" + i + ".ts", Map.of(), at, Duration.ofMinutes(5)))
                        .toList())
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> signed = pool.invokeAll(threads);
            for (int thread = 0; thread < 4; thread++) {
                List<String> links = signed.get(thread).get();
                for (int i = 0; i < 500; i++) {
                    assertThat(links.get(i))
                            .isEqualTo(alone.sign(
                                    KEYS, "tutorials", thread + "/" + i + ".ts", Map.of(), at, Duration.ofMinutes(5)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesLinksS3WouldRefuseOrWhoseSignatureAParameterCouldReplace() {
        QuerySigner signer = new QuerySigner(presigner("http://127.0.0.1:9400", KEYS), provider(KEYS));
        Instant at = Instant.parse("2026-12-02T12:00:00Z");

        assertThatThrownBy(() -> signer.sign(
                        KEYS,
                        "tutorials",
                        "k.ts",
                        Map.of(),
                        at,
                        Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 days");
        assertThatThrownBy(() ->
                        signer.sign(KEYS, "tutorials", "k.ts", Map.of("X-amz-expires", "1"), at, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-amz-expires");
        assertThatThrownBy(() -> new MediaProperties.Expiry().setMax(604_801))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bridge.media.expiry.max");
    }

    @Test
    void aBucketWhoseLinksItCannotRepeatIsLeftToThePresigner() {
        // A presigner whose links this signer does not repeat (as for a signing scheme it does not
        // know): its probe's signature differs, so the presigner signs every link of that bucket.
        S3Presigner real = presigner("http://127.0.0.1:9400", KEYS);
        S3Presigner other = mock(S3Presigner.class);
        when(other.presignGetObject(any(GetObjectPresignRequest.class))).thenAnswer(call -> {
            PresignedGetObjectRequest link = real.presignGetObject(call.getArgument(0, GetObjectPresignRequest.class));
            SdkHttpRequest tampered = link.httpRequest().toBuilder()
                    .putRawQueryParameter("X-Amz-Signature", "0".repeat(64))
                    .build();
            return PresignedGetObjectRequest.builder()
                    .expiration(link.expiration())
                    .isBrowserExecutable(true)
                    .signedHeaders(link.signedHeaders())
                    .httpRequest(tampered)
                    .build();
        });
        QuerySigner signer = new QuerySigner(other, provider(KEYS));

        String link = signer.sign(
                KEYS, "tutorials", "k.ts", Map.of("x-bridge-session", "abc"), Instant.EPOCH, Duration.ofMinutes(5));

        assertThat(signer.signsAtAChosenTime("tutorials")).isFalse();
        assertThat(link)
                .contains("X-Amz-Signature=" + "0".repeat(64), "x-bridge-session=abc")
                .doesNotContain("X-Amz-Date=1970");
    }

    /** Signs with QuerySigner at the second the presigner signed, and expects its link exactly. */
    private static String assertSameLink(S3Presigner presigner, AwsCredentials credentials, String bucket, String key) {
        String sdk = presigner
                .presignGetObject(GetObjectPresignRequest.builder()
                        .signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(get -> get.bucket(bucket)
                                .key(key)
                                .overrideConfiguration(o -> o.putRawQueryParameter("x-bridge-session", "abc")))
                        .build())
                .url()
                .toString();
        Instant signedAt = AMZ_DATE.parse(QuerySigner.query(URI.create(sdk)).get("X-Amz-Date"), Instant::from);
        QuerySigner signer = new QuerySigner(presigner, provider(credentials));

        String ours = signer.sign(
                credentials, bucket, key, Map.of("x-bridge-session", "abc"), signedAt, Duration.ofMinutes(5));

        assertThat(signer.signsAtAChosenTime(bucket)).isTrue();
        assertThat(ours).isEqualTo(sdk);
        return ours;
    }

    private static S3Presigner presigner(String endpoint, AwsCredentials credentials) {
        return presigner(endpoint, credentials, Region.EU_WEST_1);
    }

    private static S3Presigner presigner(String endpoint, AwsCredentials credentials, Region region) {
        S3Presigner.Builder builder = S3Presigner.builder().region(region).credentialsProvider(provider(credentials));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        }
        return builder.build();
    }

    private static StaticCredentialsProvider provider(AwsCredentials credentials) {
        return StaticCredentialsProvider.create(credentials);
    }
}
