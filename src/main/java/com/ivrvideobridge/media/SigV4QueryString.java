package com.ivrvideobridge.media;

import com.ivrvideobridge.support.Hashes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.web.util.UriUtils;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 in the query string, as S3's presigned GET links carry it: the host
 * header the only one signed, the payload unsigned
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
 *
 * <p>Why not the SDK's {@code AwsV4HttpSigner}: it gives the same link, but three quarters of its
 * time went to the request and property objects around the signature and to encoding every
 * parameter twice (JFR, one session per request: docs/benchmarks.md). This class is trusted only
 * where it has been checked: QuerySigner signs a probe link per bucket with the SDK's presigner,
 * signs it again here, and leaves the bucket to the presigner unless the two links are the same,
 * byte for byte (QuerySignerTest compares whole links: awkward keys, both address styles,
 * temporary credentials, another region and service).
 */
final class SigV4QueryString {

    /** The longest a SigV4 presigned link may last (S3 answers 400 beyond). */
    static final long MAX_EXPIRES_SECONDS = 604_800;

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String HMAC = "HmacSHA256";
    /** X-Amz-Date's format (QuerySigner reads a probe's with it). */
    static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Past this many scopes (days x regions x services) the kept keys are dropped and derived again. */
    private static final int MAX_KEPT_KEYS = 32;

    /**
     * The signing key is the same for a whole day, region and service: derived once, not per link,
     * and kept as a Mac already keyed with it. Each link signs with a clone of that Mac (a lookup of
     * the provider and two hash blocks less per link); the kept one is only ever cloned, never fed.
     */
    private record SigningKey(String secret, byte[] key, Mac keyed) {

        Mac signer() {
            try {
                return (Mac) keyed.clone();
            } catch (CloneNotSupportedException e) {
                return keyedMac(key); // a provider whose Mac cannot be cloned: key a new one
            }
        }

        @Override
        public String toString() {
            return "SigningKey[for a scope]"; // never the secret
        }
    }

    /** By credential scope; a key derived from another secret (rotated credentials) is replaced. */
    private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

    private record FormattedDate(long epochSecond, String text) {}

    /** The last X-Amz-Date written (one immutable pair: a thread sees a whole one or an older one). */
    private volatile FormattedDate lastDate;

    /**
     * A signed link: {@code address}'s scheme and authority, {@code encodedPath}, the extra
     * parameters and the SigV4 ones (signed, in the order the presigner writes them).
     */
    String sign(
            URI address,
            String encodedPath,
            Map<String, String> extraQuery,
            AwsCredentialsIdentity identity,
            String region,
            String service,
            Instant signedAt,
            Duration lifetime) {
        if (lifetime.toSeconds() < 1 || lifetime.toSeconds() > MAX_EXPIRES_SECONDS) {
            throw new IllegalArgumentException("A SigV4 link lasts 1 s to 7 days, not " + lifetime);
        }
        String amzDate = amzDate(signedAt);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        // Encoded names to encoded values, in the order the presigner writes them.
        Map<String, String> query = new LinkedHashMap<>();
        extraQuery.forEach((name, value) -> {
            // It would replace one of the signature's own parameters.
            if (name.regionMatches(true, 0, "x-amz-", 0, 6)) {
                throw new IllegalArgumentException("Extra query parameter named like SigV4's own: " + name);
            }
            put(query, name, value);
        });
        if (identity instanceof AwsSessionCredentialsIdentity session) {
            put(query, "X-Amz-Security-Token", session.sessionToken());
        }
        put(query, "X-Amz-Algorithm", ALGORITHM);
        put(query, "X-Amz-Date", amzDate);
        put(query, "X-Amz-SignedHeaders", "host");
        put(query, "X-Amz-Credential", identity.accessKeyId() + "/" + scope);
        put(query, "X-Amz-Expires", Long.toString(lifetime.toSeconds()));
        String canonicalQuery = join(new TreeMap<>(query));
        String canonicalRequest = "GET\n" + encodedPath + "\n" + canonicalQuery + "\nhost:" + hostHeader(address)
                + "\n\nhost\nUNSIGNED-PAYLOAD";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Hashes.sha256Hex(canonicalRequest);
        String signature = HexFormat.of()
                .formatHex(
                        signingKey(identity.secretAccessKey(), scope).signer().doFinal(utf8(stringToSign)));
        return address.getScheme() + "://" + address.getRawAuthority() + encodedPath + "?" + join(query)
                + "&X-Amz-Signature=" + signature;
    }

    /** Links signed at the start of one window share their X-Amz-Date: formatted once per second. */
    private String amzDate(Instant signedAt) {
        FormattedDate last = lastDate;
        if (last == null || last.epochSecond() != signedAt.getEpochSecond()) {
            last = new FormattedDate(signedAt.getEpochSecond(), AMZ_DATE.format(signedAt));
            lastDate = last;
        }
        return last.text();
    }

    private static String join(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }

    private static void put(Map<String, String> query, String name, String value) {
        query.put(encode(name), encode(value));
    }

    /**
     * Percent-encoded as SigV4 wants it (RFC 3986: all but letters, digits and {@code -._~}), the
     * same as the SDK's {@code SdkHttpUtils.urlEncode} (SigV4QueryStringTest compares them), at a
     * fraction of its cost: that one runs {@code URLEncoder} and then rewrites three sequences,
     * where Spring's returns a string that needs nothing as it is (most of a link's parameters).
     */
    static String encode(String value) {
        return UriUtils.encode(value, StandardCharsets.UTF_8);
    }

    /** An object key's path, its slashes kept ({@code SdkHttpUtils.urlEncodeIgnoreSlashes}). */
    static String encodeKey(String key) {
        StringJoiner path = new StringJoiner("/");
        for (String segment : key.split("/", -1)) {
            path.add(encode(segment));
        }
        return path.toString();
    }

    /** As the SDK signs it: the port only where it is not the scheme's own. */
    private static String hostHeader(URI address) {
        int port = address.getPort();
        boolean standard = port == -1
                || ("http".equals(address.getScheme()) && port == 80)
                || ("https".equals(address.getScheme()) && port == 443);
        return standard ? address.getHost() : address.getHost() + ":" + port;
    }

    private SigningKey signingKey(String secret, String scope) {
        SigningKey kept = keys.get(scope);
        if (kept != null && kept.secret().equals(secret)) {
            return kept;
        }
        byte[] key = utf8("AWS4" + secret);
        for (String part : scope.split("/")) {
            key = keyedMac(key).doFinal(utf8(part));
        }
        if (keys.size() >= MAX_KEPT_KEYS) {
            keys.clear();
        }
        SigningKey derived = new SigningKey(secret, key, keyedMac(key));
        keys.put(scope, derived);
        return derived;
    }

    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
