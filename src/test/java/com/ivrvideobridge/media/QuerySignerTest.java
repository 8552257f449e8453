package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * QuerySigner's links against the SDK presigner's for the same object: the same address, the same
 * encoding of awkward keys, the same query parameters. (That the signatures hold is checked by the
 * test bed's real S3 store: SignedUrlCacheTest and the landing-page tests play through them.)
 */
class QuerySignerTest {

    private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDEXAMPLE", "secret");

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
    void signsTheSameLinkAsTheSdkPresignerForPathStyleStores(String key) {
        S3Presigner presigner = presigner("http://127.0.0.1:9400", true);
        assertSameLink(presigner, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"welcome/welcome.mp4", "a b/c+d=e&f.mp4"})
    void signsTheSameLinkAsTheSdkPresignerForAwsVirtualHostedBuckets(String key) {
        assertSameLink(presigner(null, false), key);
    }

    @org.junit.jupiter.api.Test
    void theSameObjectAndTimeAlwaysGiveTheSameLinkAndAnotherTimeAnother() {
        QuerySigner signer = new QuerySigner(presigner("http://127.0.0.1:9400", true), properties());
        Instant at = Instant.parse("2026-12-02T12:00:00Z");

        String first = signer.sign(CREDENTIALS, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5));
        assertThat(signer.sign(CREDENTIALS, "tutorials", "k.ts", Map.of(), at, Duration.ofMinutes(5)))
                .isEqualTo(first);
        assertThat(signer.sign(CREDENTIALS, "tutorials", "k.ts", Map.of(), at.plusSeconds(60), Duration.ofMinutes(5)))
                .isNotEqualTo(first)
                .contains("X-Amz-Date=20261202T120100Z");
    }

    private static void assertSameLink(S3Presigner presigner, String key) {
        QuerySigner signer = new QuerySigner(presigner, properties());
        URI ours = URI.create(signer.sign(
                CREDENTIALS,
                "tutorials",
                key,
                Map.of("x-bridge-session", "abc"),
                Instant.now(),
                Duration.ofMinutes(5)));
        URI sdk = URI.create(presigner
                .presignGetObject(GetObjectPresignRequest.builder()
                        .signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(get -> get.bucket("tutorials")
                                .key(key)
                                .overrideConfiguration(o -> o.putRawQueryParameter("x-bridge-session", "abc")))
                        .build())
                .url()
                .toString());

        assertThat(ours.getScheme() + "://" + ours.getRawAuthority() + ours.getRawPath())
                .isEqualTo(sdk.getScheme() + "://" + sdk.getRawAuthority() + sdk.getRawPath());
        assertThat(withoutTimeAndSignature(ours)).isEqualTo(withoutTimeAndSignature(sdk));
    }

    private static Map<String, String> withoutTimeAndSignature(URI link) {
        Map<String, String> query = new TreeMap<>();
        for (String pair : link.getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            query.put(nameAndValue[0], nameAndValue[1]);
        }
        query.remove("X-Amz-Date");
        query.remove("X-Amz-Signature");
        return query;
    }

    private static S3Presigner presigner(String endpoint, boolean pathStyle) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint))
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(pathStyle)
                            .build());
        }
        return builder.build();
    }

    private static S3Properties properties() {
        S3Properties properties = new S3Properties();
        properties.setRegion("eu-west-1");
        return properties;
    }
}
