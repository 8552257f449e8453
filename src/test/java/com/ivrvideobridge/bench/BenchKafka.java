package com.ivrvideobridge.bench;

import com.ivrvideobridge.testbed.TestServers;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka broker (KRaft, the test bed's) for benchmarks that run the packaged service as separate
 * processes on one bus: creates the topic given, prints the bootstrap servers, runs until killed.
 * <p>Usage: {@code BenchKafka TOPIC PARTITIONS}
 */
public final class BenchKafka {

    private BenchKafka() {}

    public static void main(String[] args) throws Exception {
        String brokers = TestServers.kafkaBrokers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic(args[0], Integer.parseInt(args[1]), (short) 1)))
                    .all()
                    .get();
        }
        System.out.println("brokers=" + brokers);
        Thread.currentThread().join();
    }
}
