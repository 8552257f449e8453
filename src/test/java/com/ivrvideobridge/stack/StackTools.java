package com.ivrvideobridge.stack;

import com.ivrvideobridge.embedded.SampleMedia;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The two small jobs of scripts/stack that need Java, each run in its own JVM on the test
 * classpath:
 * <ul>
 * <li>{@code s3 <port> <access-key> <secret-key> <bucket>}: S3Proxy (SigV4 checked like S3) on
 * 127.0.0.1, a private bucket seeded with the sample tutorials, CORS open to the landing page's
 * player; runs until killed.</li>
 * <li>{@code topics <brokers> <partitions> <topic>...}: creates the bridge's topics up front (one
 * partition per consumer of every instance: auto-created topics get one, and the second instance's
 * consumers would idle), waiting for the broker; exits when they exist.</li>
 * </ul>
 */
public final class StackTools {

    private StackTools() {}

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "s3" -> s3(Integer.parseInt(args[1]), args[2], args[3], args[4]);
            case "topics" ->
                topics(args[1], Integer.parseInt(args[2]), Arrays.asList(args).subList(3, args.length));
            default -> {
                System.err.println("usage: StackTools s3 <port> <access-key> <secret-key> <bucket>"
                        + " | topics <brokers> <partitions> <topic>...");
                System.exit(2);
            }
        }
    }

    private static void s3(int port, String accessKey, String secretKey, String bucket) throws Exception {
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials(accessKey, secretKey)
                .build(BlobStoreContext.class);
        BlobStore store = context.getBlobStore();
        store.createContainerInLocation(null, bucket);
        int seeded = SampleMedia.seed(store, bucket, "samples");
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .corsRules(SampleMedia.corsForPlayers())
                .build();
        proxy.start();
        System.out.println(
                "S3 ready on http://127.0.0.1:" + port + ", private bucket " + bucket + " with " + seeded + " objects");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                proxy.stop();
            } catch (Exception ignored) {
                // going away
            }
            context.close();
        }));
        Thread.currentThread().join();
    }

    private static void topics(String brokers, int partitions, List<String> topics) throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
        try (Admin admin = Admin.create(config)) {
            for (String topic : topics) {
                while (true) {
                    try {
                        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                                .all()
                                .get();
                        break;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof TopicExistsException) {
                            break;
                        }
                        if (Instant.now().isAfter(giveUp)) {
                            throw e;
                        }
                        Thread.sleep(500); // the broker is still starting: ask again
                    }
                }
            }
            while (true) {
                try {
                    Map<String, ?> described = admin.describeTopics(Set.copyOf(topics))
                            .allTopicNames()
                            .get();
                    System.out.println("topics ready: " + described.keySet() + ", " + partitions + " partitions each");
                    return;
                } catch (ExecutionException e) {
                    if (Instant.now().isAfter(giveUp)) {
                        throw e;
                    }
                    Thread.sleep(200); // created, not yet in the broker's metadata
                }
            }
        }
    }
}
