package com.ivrvideobridge.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URLConnection;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * An S3-compatible store in the JVM (S3Proxy over jclouds' in-memory blob store) that checks
 * SigV4 signatures and expiry like S3 does, with a private bucket seeded from the classpath.
 */
@Component
@ConditionalOnProperty("bridge.embedded.s3.enabled")
public class EmbeddedS3 implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedS3.class);

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    public EmbeddedS3(EmbeddedProperties properties) throws Exception {
        EmbeddedProperties.S3 s3 = properties.getS3();
        this.context = ContextBuilder.newBuilder("transient")
                .credentials(s3.getAccessKey(), s3.getSecretKey())
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store.createContainerInLocation(null, s3.getBucket());
        int seeded = seed(store, s3.getBucket(), s3.getSeedLocation());
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + s3.getPort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, s3.getAccessKey(), s3.getSecretKey())
                .build();
        proxy.start();
        log.info("Embedded S3 store on http://127.0.0.1:{} with private bucket '{}' ({} sample objects)",
                s3.getPort(), s3.getBucket(), seeded);
    }

    private static int seed(BlobStore store, String bucket, String location) throws IOException {
        String root = "classpath*:" + location + "/";
        Resource[] resources = new PathMatchingResourcePatternResolver().getResources(root + "**/*.*");
        for (Resource resource : resources) {
            String url = resource.getURL().toString();
            String key = url.substring(url.lastIndexOf("/" + location + "/") + location.length() + 2);
            byte[] bytes = resource.getContentAsByteArray();
            String type = URLConnection.guessContentTypeFromName(key);
            store.putBlob(bucket, store.blobBuilder(key).payload(bytes).contentLength(bytes.length)
                    .contentType(type != null ? type : contentTypeOf(key)).build());
        }
        return resources.length;
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
        return "application/octet-stream";
    }

    @Override
    public void destroy() throws Exception {
        proxy.stop();
        context.close();
    }
}
