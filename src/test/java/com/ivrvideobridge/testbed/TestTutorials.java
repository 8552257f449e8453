package com.ivrvideobridge.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import org.jclouds.blobstore.BlobStore;

/** Tutorials of the tests' own making in the media bucket, put straight into the store behind S3Proxy. */
public final class TestTutorials {

    private TestTutorials() {}

    /** A playable tutorial (the sample's MP4 under a new name) whose sidecar gives its length: its asset id. */
    public static String ofLength(double seconds) {
        String asset = "lengths/" + UUID.randomUUID() + ".mp4";
        put(asset, sample());
        put(
                asset.replace(".mp4", ".json"),
                "{\"title\": {\"en-US\": \"Test\"}, \"durationSeconds\": %s}"
                        .formatted(seconds)
                        .getBytes(StandardCharsets.UTF_8));
        return asset;
    }

    public static void put(String key, byte[] content) {
        BlobStore store = TestServers.blobStore();
        store.putBlob(
                TestServers.MEDIA_BUCKET,
                store.blobBuilder(key).payload(content).build());
    }

    public static byte[] sample() {
        try {
            return Files.readAllBytes(TestServers.SAMPLE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
