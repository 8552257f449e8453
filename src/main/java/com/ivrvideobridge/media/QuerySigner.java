package com.ivrvideobridge.media;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 query signing of GET links to objects, with the SDK's own signer ({@link AwsV4HttpSigner}).
 * The SDK's presigner runs a whole request pipeline per link (endpoint rules, interceptors,
 * marshalling): it cost four times the signature itself, and one link per call is the common
 * case. So the presigner is asked once per bucket where that bucket's objects live (path or
 * virtual-host style, custom endpoint: its rules stay the only source), and each link is the
 * object's key under that address, signed here at a given time.
 */
@Component
class QuerySigner {

    private static final String PROBE_KEY = "probe";

    private final S3Presigner presigner;
    private final String region;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final Map<String, URI> bucketAddresses = new ConcurrentHashMap<>();

    QuerySigner(S3Presigner presigner, S3Properties s3) {
        this.presigner = presigner;
        this.region = s3.getRegion();
    }

    /** A GET link for {@code key}, signed at {@code signedAt} (second precision) and valid for {@code lifetime}. */
    String sign(
            AwsCredentialsIdentity identity,
            String bucket,
            String key,
            Map<String, String> extraQuery,
            Instant signedAt,
            Duration lifetime) {
        URI address = address(bucket);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .uri(address)
                // As the SDK's S3 marshaller encodes a key: each character but '/' (S3 keys are not paths).
                .encodedPath(address.getRawPath() + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
        extraQuery.forEach(request::putRawQueryParameter);
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(request.build())
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(
                                AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, lifetime)
                        // S3's rules, as the presigner applies them: the path is signed as sent.
                        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
                .request();
        // Put together as SdkHttpRequest.getUri() would, without parsing the result into a URI
        // again: that parse was 40 % of the signing time.
        return address.getScheme() + "://" + address.getRawAuthority() + signed.encodedPath()
                + SdkHttpUtils.encodeAndFlattenQueryParameters(signed.rawQueryParameters())
                        .map(query -> "?" + query)
                        .orElse("");
    }

    /** Scheme, host, port and path prefix of the bucket's objects, ending in '/'. */
    URI address(String bucket) {
        return bucketAddresses.computeIfAbsent(bucket, b -> {
            URI probe = URI.create(presigner
                    .presignGetObject(GetObjectPresignRequest.builder()
                            .signatureDuration(Duration.ofMinutes(1))
                            .getObjectRequest(get -> get.bucket(b).key(PROBE_KEY))
                            .build())
                    .url()
                    .toString());
            String path = probe.getRawPath();
            return URI.create(probe.getScheme() + "://" + probe.getRawAuthority()
                    + path.substring(0, path.length() - PROBE_KEY.length()));
        });
    }
}
