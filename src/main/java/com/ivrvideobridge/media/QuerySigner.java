package com.ivrvideobridge.media;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.CredentialUtils;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * SigV4 query signing of GET links to objects ({@link SigV4QueryString}).
 * The SDK's presigner runs a whole request pipeline per link (endpoint rules, interceptors,
 * marshalling), which cost more than the signature itself, and one link per call is the common
 * case (docs/benchmarks.md, "Sign endpoint: one session per request"). So the presigner signs one
 * probe link per bucket; its address (path or virtual-host style, custom endpoint) and its
 * credential scope (region, service) are taken from it, and the probe is signed again here at the
 * probe's own time: only if that gives the presigner's link, byte for byte, are the bucket's links
 * signed here. Otherwise (endpoint rules that sign in a way this class does not repeat) the
 * presigner signs each link, now. Checked with the SDK 2.41 (QuerySignerTest): path and
 * virtual-host style, temporary credentials and Object Lambda access points (service
 * s3-object-lambda) are repeated; anything else is repeated or left to the presigner by its probe
 * (a multi-region access point, SigV4a, fails in the presigner itself, as it would without this class).
 */
@Component
class QuerySigner {

    private static final Logger log = LoggerFactory.getLogger(QuerySigner.class);
    /** With characters that S3 keys may have and a path encoding would change: a difference shows. */
    private static final String PROBE_KEY = "bridge-probe/a b+c=d~é*.ts";

    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final SigV4QueryString sigV4 = new SigV4QueryString();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Where a bucket's objects live and how its links are signed; {@code region} null: by the presigner. */
    record Bucket(URI address, String region, String service) {

        boolean signedHere() {
            return region != null;
        }
    }

    QuerySigner(S3Presigner presigner, AwsCredentialsProvider credentials) {
        this.presigner = presigner;
        this.credentials = credentials;
    }

    /**
     * A GET link for {@code key} with {@code extraQuery} (signed too), valid for {@code lifetime}:
     * signed at {@code signedAt} (second precision), or now where the presigner signs the bucket's links.
     */
    String sign(
            AwsCredentialsIdentity identity,
            String bucket,
            String key,
            Map<String, String> extraQuery,
            Instant signedAt,
            Duration lifetime) {
        Bucket target = bucket(bucket);
        return target.signedHere()
                ? signHere(target, identity, key, extraQuery, signedAt, lifetime)
                : presign(identity, bucket, key, extraQuery, lifetime);
    }

    /** Whether this bucket's links are signed here (at a chosen time) rather than by the presigner (now). */
    boolean signsAtAChosenTime(String bucket) {
        return bucket(bucket).signedHere();
    }

    /** Scheme, host, port and path prefix of the bucket's objects, ending in '/'. */
    URI address(String bucket) {
        return bucket(bucket).address();
    }

    private String signHere(
            Bucket target,
            AwsCredentialsIdentity identity,
            String key,
            Map<String, String> extraQuery,
            Instant signedAt,
            Duration lifetime) {
        URI address = target.address();
        return sigV4.sign(
                address,
                address.getRawPath() + SigV4QueryString.encodeKey(key),
                extraQuery,
                identity,
                target.region(),
                target.service(),
                signedAt,
                lifetime);
    }

    private String presign(
            AwsCredentialsIdentity identity,
            String bucket,
            String key,
            Map<String, String> extraQuery,
            Duration lifetime) {
        return presigner
                .presignGetObject(GetObjectPresignRequest.builder()
                        .signatureDuration(lifetime)
                        .getObjectRequest(get -> get.bucket(bucket).key(key).overrideConfiguration(o -> {
                            // Exactly the credentials whose expiry the caller checked.
                            o.credentialsProvider(
                                    StaticCredentialsProvider.create(CredentialUtils.toCredentials(identity)));
                            extraQuery.forEach(o::putRawQueryParameter);
                        }))
                        .build())
                .url()
                .toString();
    }

    private Bucket bucket(String bucket) {
        Bucket known = buckets.get(bucket);
        if (known != null) {
            return known;
        }
        // Outside the map's lock: the presigner may fetch credentials over the network.
        Bucket learned = learn(bucket);
        Bucket raced = buckets.putIfAbsent(bucket, learned);
        return raced != null ? raced : learned;
    }

    private Bucket learn(String bucket) {
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        // Shaped like a real link: with the session parameter every link carries.
        Map<String, String> extra = Map.of(MediaSigner.SESSION_PARAMETER, "0123456789abcdef0123");
        URI probe = URI.create(presign(identity, bucket, PROBE_KEY, extra, Duration.ofMinutes(5)));
        String path = probe.getRawPath();
        URI address = URI.create(probe.getScheme() + "://" + probe.getRawAuthority()
                + path.substring(
                        0,
                        path.length()
                                - SdkHttpUtils.urlEncodeIgnoreSlashes(PROBE_KEY).length()));
        Map<String, String> query = query(probe);
        // Credential: <access key>/<yyyymmdd>/<region>/<service>/aws4_request
        String[] scope = SdkHttpUtils.urlDecode(query.getOrDefault("X-Amz-Credential", ""))
                .split("/");
        if ("AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm")) && scope.length == 5) {
            Bucket candidate = new Bucket(address, scope[2], scope[3]);
            String again = signHere(
                    candidate,
                    identity,
                    PROBE_KEY,
                    extra,
                    SigV4QueryString.AMZ_DATE.parse(query.get("X-Amz-Date"), Instant::from),
                    Duration.ofSeconds(Long.parseLong(query.get("X-Amz-Expires"))));
            if (again.equals(probe.toString())) {
                return candidate;
            }
        }
        log.warn(
                "Links to bucket '{}' are signed by the SDK's presigner, one at a time: its endpoint rules"
                        + " sign them in a way this service does not repeat (algorithm {}, scope {})",
                bucket,
                query.get("X-Amz-Algorithm"),
                String.join("/", scope).replaceFirst("^[^/]*/", ""));
        return new Bucket(address, null, null);
    }

    static Map<String, String> query(URI link) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : link.getRawQuery().split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            query.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
        }
        return query;
    }
}
