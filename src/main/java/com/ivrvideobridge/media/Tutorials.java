package com.ivrvideobridge.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The tutorials in the bucket (see {@link Tutorial} for the layout), their lengths, and their HLS
 * playlists.
 * Both are read from the store once and kept a while: media is immutable once published, and a
 * landing page opened by hundreds of callers should cost the store nothing more.
 */
@Component
public class Tutorials {

    private static final Logger log = LoggerFactory.getLogger(Tutorials.class);

    private final S3Client s3;
    private final ObjectMapper json;
    private final Cache<String, Tutorial> tutorials;
    private final Cache<String, String> playlists;

    public Tutorials(S3Client s3, ObjectMapper json, MediaProperties media) {
        this.s3 = s3;
        this.json = json;
        this.tutorials = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(media.getAssetCheckTtl())
                .build();
        this.playlists = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(media.getAssetCheckTtl())
                .build();
    }

    public Tutorial find(String bucket, String assetId) {
        return tutorials.get(bucket + "/" + assetId, key -> load(bucket, assetId));
    }

    /** A playlist's text, or null when the store has no such object. */
    public String playlist(String bucket, String key) {
        return playlists.get(bucket + "/" + key, k -> {
            byte[] bytes = read(bucket, key);
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        });
    }

    private Tutorial load(String bucket, String assetId) {
        String base = Tutorial.baseName(assetId);
        Map<String, String> titles = new LinkedHashMap<>();
        Double duration = null;
        byte[] sidecar = read(bucket, base + ".json");
        if (sidecar != null) {
            try {
                JsonNode root = json.readTree(sidecar);
                root.path("title")
                        .fields()
                        .forEachRemaining(
                                e -> titles.put(e.getKey(), e.getValue().asText()));
                JsonNode seconds = root.path("durationSeconds");
                duration = seconds.isNumber() && seconds.asDouble() > 0 ? seconds.asDouble() : null;
            } catch (IOException e) {
                // A broken sidecar costs the title, not the video.
            }
        }
        String master = exists(bucket, base + ".m3u8") ? base + ".m3u8" : null;
        String captions = exists(bucket, base + ".vtt") ? base + ".vtt" : null;
        if (duration == null && master != null) {
            duration = hlsDuration(bucket, master);
        }
        if (duration == null) {
            duration = Mp4Duration.of((offset, length) -> range(bucket, assetId, offset, length));
        }
        if (duration == null) {
            log.warn(
                    "Tutorial {} has no known length (no durationSeconds in {}.json, no HLS playlist, no MP4 movie "
                            + "header): its telemetry is judged against the page's word, bounded only by the time its sessions "
                            + "were open",
                    assetId,
                    base);
        }
        return new Tutorial(bucket, assetId, titles, master, captions, duration);
    }

    /** The total of the segments of the master playlist's first variant (or of the playlist itself). */
    private Double hlsDuration(String bucket, String masterKey) {
        try {
            String master = playlist(bucket, masterKey);
            Double total = master == null ? null : HlsDuration.total(master);
            if (total != null || master == null) {
                return total;
            }
            String variantKey = HlsDuration.firstVariant(master, masterKey);
            String variant = variantKey == null ? null : playlist(bucket, variantKey);
            return variant == null ? null : HlsDuration.total(variant);
        } catch (IllegalArgumentException e) {
            return null; // a reference that leaves the bucket: the playback route refuses it anyway
        }
    }

    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (absent(e, key)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Without s3:ListBucket, S3 answers 403 rather than 404 for a missing object: an optional
     * companion (HLS, captions, sidecar) is then taken as absent, and the reason logged.
     */
    private static boolean absent(S3Exception e, String key) {
        if (e.statusCode() == 403) {
            log.warn(
                    "The media store refused to read {} (403): taken as absent; grant s3:ListBucket to tell missing from forbidden",
                    key);
        }
        return e.statusCode() == 404 || e.statusCode() == 403;
    }

    /** Bytes {@code offset} to {@code offset + length - 1} of an object (fewer at its end, none past it). */
    private byte[] range(String bucket, String key, long offset, int length) {
        if (length <= 0) {
            return new byte[0];
        }
        try {
            return s3.getObjectAsBytes(
                            b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-" + (offset + length - 1)))
                    .asByteArray();
        } catch (S3Exception e) {
            if (e.statusCode() == 416 || absent(e, key)) {
                return new byte[0]; // past the end, or gone
            }
            throw e;
        }
    }

    private byte[] read(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return null;
        } catch (S3Exception e) {
            if (absent(e, key)) {
                return null;
            }
            throw e;
        }
    }
}
