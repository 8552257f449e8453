package com.ivrvideobridge.embedded;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
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
        int seeded = SampleMedia.seed(store, s3.getBucket(), s3.getSeedLocation());
        this.proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + s3.getPort()))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, s3.getAccessKey(), s3.getSecretKey())
                .corsRules(SampleMedia.corsForPlayers())
                .build();
        proxy.start();
        log.info(
                "Embedded S3 store on http://127.0.0.1:{} with private bucket '{}' ({} sample objects)",
                s3.getPort(),
                s3.getBucket(),
                seeded);
    }

    @Override
    public void destroy() throws Exception {
        proxy.stop();
        context.close();
    }
}
