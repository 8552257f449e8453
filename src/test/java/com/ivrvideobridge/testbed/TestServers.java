package com.ivrvideobridge.testbed;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.ivrvideobridge.embedded.SampleMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.options.CreateContainerOptions;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import redis.embedded.RedisServer;

/**
 * The real servers the tests run against, started once per test JVM on free ports and stopped at
 * its end: a redis-server binary, a KRaft Kafka broker, S3Proxy (checks SigV4 signatures and
 * expiry like S3) and WireMock for the Genesys login host, the Genesys API host and the SMS
 * gateway. Each starts on first use. {@link BridgeIntegrationTest} wires them into Spring.
 */
public final class TestServers {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    /** Private bucket holding the sample tutorial; on the service's allow-list in the test profile. */
    public static final String MEDIA_BUCKET = "tutorials";
    /** A bucket someone made public-read: the service must report it. Not on the default allow-list. */
    public static final String PUBLIC_BUCKET = "leaky-tutorials";

    public static final String SAMPLE_ASSET = "welcome/welcome.mp4";
    public static final Path SAMPLE_FILE = Path.of("src/main/resources/samples", SAMPLE_ASSET);

    private static RedisServer redis;
    private static int redisPort;
    private static EmbeddedKafkaKraftBroker kafka;
    private static S3Proxy s3;
    private static BlobStore blobStore;
    private static WireMockServer genesysLogin;
    private static WireMockServer genesysApi;
    private static WireMockServer smsGateway;

    private TestServers() {}

    public static synchronized int redisPort() {
        if (redis == null) {
            redisPort = freePort();
            try {
                redis = RedisServer.newRedisServer()
                        .port(redisPort)
                        .bind("127.0.0.1")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .build();
                redis.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            onExit(() -> redis.stop());
        }
        return redisPort;
    }

    public static synchronized String kafkaBrokers() {
        if (kafka == null) {
            kafka = new EmbeddedKafkaKraftBroker(1, 2);
            kafka.afterPropertiesSet();
            onExit(kafka::destroy);
        }
        return kafka.getBrokersAsString();
    }

    public static synchronized String s3Endpoint() {
        if (s3 == null) {
            try {
                BlobStoreContext context = ContextBuilder.newBuilder("transient")
                        .credentials(ACCESS_KEY, SECRET_KEY)
                        .build(BlobStoreContext.class);
                blobStore = context.getBlobStore();
                blobStore.createContainerInLocation(null, MEDIA_BUCKET);
                blobStore.createContainerInLocation(null, PUBLIC_BUCKET, CreateContainerOptions.Builder.publicRead());
                SampleMedia.seed(blobStore, MEDIA_BUCKET, "samples");
                s3 = S3Proxy.builder()
                        .blobStore(blobStore)
                        .endpoint(URI.create("http://127.0.0.1:" + freePort()))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .corsRules(SampleMedia.corsForPlayers())
                        .build();
                s3.start();
                onExit(() -> {
                    s3.stop();
                    context.close();
                });
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
        }
        return "http://127.0.0.1:" + s3.getPort();
    }

    /** Direct access to the store behind S3Proxy, to arrange objects without going through the service. */
    public static synchronized BlobStore blobStore() {
        s3Endpoint();
        return blobStore;
    }

    public static synchronized WireMockServer genesysLogin() {
        if (genesysLogin == null) {
            genesysLogin = startWireMock();
        }
        return genesysLogin;
    }

    public static synchronized WireMockServer genesysApi() {
        if (genesysApi == null) {
            genesysApi = startWireMock();
        }
        return genesysApi;
    }

    public static synchronized WireMockServer smsGateway() {
        if (smsGateway == null) {
            smsGateway = startWireMock();
        }
        return smsGateway;
    }

    private static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        onExit(server::stop);
        return server;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void onExit(ThrowingRunnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } catch (Exception ignored) {
                // The JVM is going away; nothing to report to.
            }
        }));
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
