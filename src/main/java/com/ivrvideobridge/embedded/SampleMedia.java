package com.ivrvideobridge.embedded;

import java.io.IOException;
import java.net.URLConnection;
import java.util.List;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.jclouds.blobstore.BlobStore;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The sample tutorials (classpath {@code samples/}, made by scripts/generate-sample-media.sh) and how to serve them. */
public final class SampleMedia {

    private SampleMedia() {}

    /** Copies every file under classpath {@code location/} into the bucket, keyed by its path below it. */
    public static int seed(BlobStore store, String bucket, String location) throws IOException {
        String root = "classpath*:" + location + "/";
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(root + "**/*.*");
        for (Resource resource : resources) {
            String url = resource.getURL().toString();
            String key = url.substring(url.lastIndexOf("/" + location + "/") + location.length() + 2);
            byte[] bytes = resource.getContentAsByteArray();
            store.putBlob(
                    bucket,
                    store.blobBuilder(key)
                            .payload(bytes)
                            .contentLength(bytes.length)
                            .contentType(contentTypeOf(key))
                            .build());
        }
        return resources.length;
    }

    /**
     * Cross-origin reads (GET, HEAD) from any page: the landing page's player fetches segments and
     * captions from the store with XHR. A production bucket needs the same CORS rule, limited to
     * the service's public origin (docs/landing-and-telemetry.md).
     */
    public static CrossOriginResourceSharing corsForPlayers() {
        return new CrossOriginResourceSharing(List.of("*"), List.of("GET", "HEAD"), List.of("*"), List.of("*"), "");
    }

    private static String contentTypeOf(String key) {
        if (key.endsWith(".m3u8")) {
            return "application/vnd.apple.mpegurl";
        }
        if (key.endsWith(".vtt")) {
            return "text/vtt";
        }
        if (key.endsWith(".ts")) {
            return "video/mp2t";
        }
        String guessed = URLConnection.guessContentTypeFromName(key);
        return guessed != null ? guessed : "application/octet-stream";
    }
}
