package com.ivrvideobridge.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.ivrvideobridge.support.Hashes;
import com.ivrvideobridge.web.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Signs short-lived GET links to private media (AWS SigV4 query signing). The link is issued
 * for a session token (it carries a signed hash of it, and is cached per token) and has no IP or
 * user-agent condition, so the caller can move from the phone to a desktop within its lifetime.
 */
@Component("mediaSigner")
public class MediaSigner {

    /** Query parameter carrying a hash of the session token in every signed URL. */
    public static final String SESSION_PARAMETER = "x-bridge-session";

    private final S3Client s3;
    private final QuerySigner querySigner;
    private final SigningWindow window;
    private final AwsCredentialsProvider credentials;
    private final SignedUrlCache cache;
    private final MediaProperties media;
    private final Clock clock;
    /** Assets recently seen to exist: a HEAD per new caller session would cost more than the signing. */
    private final Cache<String, Boolean> knownAssets;

    public MediaSigner(
            S3Client s3,
            QuerySigner querySigner,
            AwsCredentialsProvider credentials,
            SignedUrlCache cache,
            MediaProperties media,
            Clock clock) {
        this.s3 = s3;
        this.querySigner = querySigner;
        this.window = new SigningWindow(media.getCache().getMinRemainingFraction());
        this.credentials = credentials;
        this.cache = cache;
        this.media = media;
        this.clock = clock;
        this.knownAssets = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(media.getAssetCheckTtl())
                .build();
    }

    public SignedUrl sign(SignRequest request) {
        return cache.find(request).orElseGet(() -> {
            SignedUrl signed = signFresh(request);
            cache.store(request, signed);
            return signed;
        });
    }

    private SignedUrl signFresh(SignRequest request) {
        requireAsset(request.bucket(), request.assetId());
        return presign(request.bucket(), request.assetId(), request.expirationSeconds(), request.sessionToken());
    }

    /**
     * A presigned GET for one object (an asset, or one of its HLS segments or captions), issued for
     * a session. Signed at the start of its signing window (see {@link SigningWindow}), so with the
     * same credentials every instance signs the same link for the same object and session within a
     * window: a playlist served twice names the same segment URLs (the browser's cache holds), and
     * no instance needs another's cache.
     */
    public SignedUrl presign(String bucket, String key, int expirationSeconds, String sessionToken) {
        // Sign with exactly the credentials whose expiry we checked.
        AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
        Instant now = clock.instant();
        SigningLifetime lifetime = SigningLifetime.decide(expirationSeconds, identity.expirationTime(), now, media);
        // A link shortened by its credentials' expiry is signed now: an earlier start would end it
        // sooner. So is one the SDK's presigner has to sign (QuerySigner says when).
        Instant signedAt = lifetime.note() == null && querySigner.signsAtAChosenTime(bucket)
                ? window.start(now, lifetime.lifetime())
                : now.truncatedTo(ChronoUnit.SECONDS);
        // Signed, so it cannot be removed or swapped; S3 ignores "x-" parameters but writes them to
        // its access log, which traces each download to its session.
        String url = querySigner.sign(
                identity,
                bucket,
                key,
                Map.of(SESSION_PARAMETER, sessionTag(sessionToken)),
                signedAt,
                lifetime.lifetime());
        return new SignedUrl(url, bucket, key, signedAt, signedAt.plus(lifetime.lifetime()), lifetime.note(), false);
    }

    /** Scheme, host and port the presigned URLs point at (for the landing page's Content-Security-Policy). */
    public String mediaOrigin(String bucket) {
        URI address = querySigner.address(bucket);
        return address.getScheme() + "://" + address.getRawAuthority();
    }

    /** A short, non-reversible tag of the session token: enough to trace, useless to replay. */
    static String sessionTag(String sessionToken) {
        return Hashes.sha256Hex(sessionToken).substring(0, 20);
    }

    /**
     * The webhook's check, before it answers Architect: 404 for an asset that is not there. Cached
     * like the sign step's own check; the signing itself waits for the worker (most links are
     * never opened, and Architect should not wait for it).
     */
    public void requireAsset(SignRequest request) {
        requireAsset(request.bucket(), request.assetId());
    }

    private void requireAsset(String bucket, String assetId) {
        String key = bucket + "/" + assetId;
        if (knownAssets.getIfPresent(key) != null) {
            return;
        }
        try {
            s3.headObject(
                    HeadObjectRequest.builder().bucket(bucket).key(assetId).build());
            knownAssets.put(key, Boolean.TRUE);
        } catch (NoSuchKeyException e) {
            throw new ApiException(
                    404, "asset_not_found", "asset_id", "No asset '" + assetId + "' in bucket '" + bucket + "'");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ApiException(
                        404, "asset_not_found", "asset_id", "No asset '" + assetId + "' in bucket '" + bucket + "'");
            }
            throw new ApiException(
                    502,
                    "storage_error",
                    null,
                    "The media store refused the asset lookup (HTTP " + e.statusCode() + ")");
        } catch (SdkClientException e) {
            throw new ApiException(503, "storage_unavailable", null, "The media store cannot be reached");
        }
    }
}
