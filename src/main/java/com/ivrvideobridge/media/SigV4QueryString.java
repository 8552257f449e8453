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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

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

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String HMAC = "HmacSHA256";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The signing key is the same for a whole day, region and service: derived once, not per link. */
    private record SigningKey(String secret, String scope, byte[] key) {}

    private volatile SigningKey lastKey;

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
        String amzDate = AMZ_DATE.format(signedAt);
        String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
        // Encoded names to encoded values, in the order the presigner writes them.
        Map<String, String> query = new LinkedHashMap<>();
        extraQuery.forEach((name, value) -> put(query, name, value));
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
        String signature = HexFormat.of().formatHex(hmac(signingKey(identity.secretAccessKey(), scope), stringToSign));
        return address.getScheme() + "://" + address.getRawAuthority() + encodedPath + "?" + join(query)
                + "&X-Amz-Signature=" + signature;
    }

    private static String join(Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((name, value) -> joined.add(name + "=" + value));
        return joined.toString();
    }

    private static void put(Map<String, String> query, String name, String value) {
        query.put(SdkHttpUtils.urlEncode(name), SdkHttpUtils.urlEncode(value));
    }

    /** As the SDK signs it: the port only where it is not the scheme's own. */
    private static String hostHeader(URI address) {
        int port = address.getPort();
        boolean standard = port == -1
                || ("http".equals(address.getScheme()) && port == 80)
                || ("https".equals(address.getScheme()) && port == 443);
        return standard ? address.getHost() : address.getHost() + ":" + port;
    }

    private byte[] signingKey(String secret, String scope) {
        SigningKey last = lastKey;
        if (last != null && last.scope().equals(scope) && last.secret().equals(secret)) {
            return last.key();
        }
        byte[] key = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
        for (String part : scope.split("/")) {
            key = hmac(key, part);
        }
        lastKey = new SigningKey(secret, scope, key);
        return key;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
