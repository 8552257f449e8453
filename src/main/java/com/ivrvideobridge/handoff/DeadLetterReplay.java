package com.ivrvideobridge.handoff;

import com.ivrvideobridge.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.BrowsableEndpoint;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Puts dead letters back where they came from ({@code POST /api/v1/dead-letters/replay}). On
 * Kafka it reads the dead-letter topic as its own consumer group, so each dead letter is replayed
 * once; it commits only what it has re-published. Sending stays idempotent (see
 * {@link Deliveries}): a replayed handoff already sent is not sent again.
 */
@Component("deadLetterReplay")
public class DeadLetterReplay {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final String brokers;
    private final String deadLetterTopic;
    /** Bus name (the dead letter's replay header) to its Kafka topic, and to its endpoint URI. */
    private final Map<String, String> topics;

    private final Map<String, String> uris;
    private final String replayGroup;
    private final String deadLettersUri;
    private final ConsumerTemplate consumers;
    private final ProducerTemplate producers;

    public DeadLetterReplay(
            @Value("${bridge.kafka.brokers}") String brokers,
            @Value("${bridge.kafka.topics.dead-letters}") String deadLetterTopic,
            @Value("${bridge.kafka.topics.handoffs}") String handoffsTopic,
            @Value("${bridge.kafka.topics.telemetry}") String telemetryTopic,
            @Value("${bridge.kafka.consumer-group}") String consumerGroup,
            @Value("${bridge.bus.dead-letters}") String deadLettersUri,
            @Value("${bridge.bus.handoffs}") String handoffsUri,
            @Value("${bridge.bus.telemetry}") String telemetryUri,
            ConsumerTemplate consumers,
            ProducerTemplate producers) {
        this.brokers = brokers;
        this.deadLetterTopic = deadLetterTopic;
        this.topics = Map.of("handoffs", handoffsTopic, "telemetry", telemetryTopic);
        this.uris = Map.of("handoffs", handoffsUri, "telemetry", telemetryUri);
        this.replayGroup = consumerGroup + "-replay";
        this.deadLettersUri = deadLettersUri;
        this.consumers = consumers;
        this.producers = producers;
    }

    public record Result(int replayed, int skipped) {}

    private volatile long depth;
    private volatile long depthReadAt;

    /**
     * Dead letters waiting to be replayed (read at most every 30 s): on Kafka, the topic's end
     * offsets minus what the replay group has committed; in-process, the queue's size.
     */
    public long depth() {
        if (System.currentTimeMillis() - depthReadAt > 30_000) {
            depth = brokers.isBlank() ? inProcessDepth() : kafkaDepth();
            depthReadAt = System.currentTimeMillis();
        }
        return depth;
    }

    private long inProcessDepth() {
        return consumers.getCamelContext().getEndpoint(deadLettersUri) instanceof BrowsableEndpoint queue
                ? queue.getExchanges().size()
                : 0;
    }

    private long kafkaDepth() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(deadLetterTopic))
                    .allTopicNames()
                    .get(3, TimeUnit.SECONDS)
                    .get(deadLetterTopic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition()))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> replayed = admin.listConsumerGroupOffsets(replayGroup)
                    .partitionsToOffsetAndMetadata()
                    .get(3, TimeUnit.SECONDS);
            long waiting = 0;
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = replayed.get(partition);
                waiting += ends.get(partition).offset() - (done == null ? 0 : done.offset());
            }
            return waiting;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return depth;
        } catch (Exception e) {
            // No topic yet (nothing ever dead-lettered), or Kafka down: the kafka health component says so.
            return 0;
        }
    }

    /** {@code max}: at most this many (query parameter, default 1000, 1 to 100000). */
    public Result replayUpTo(String max) {
        int limit = 1000;
        if (max != null) {
            try {
                limit = Integer.parseInt(max.trim());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 100_000) {
                throw ApiException.badRequest("max", "max must be a whole number from 1 to 100000");
            }
        }
        return replay(limit);
    }

    public Result replay(int max) {
        Result result = brokers.isBlank() ? replayInProcess(max) : replayKafka(max);
        log.info(
                "Dead-letter replay: {} re-published, {} skipped (not replayable)",
                result.replayed(),
                result.skipped());
        return result;
    }

    private Result replayKafka(int max) {
        int replayed = 0;
        int skipped = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                brokers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                replayGroup,
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest",
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                "false",
                                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                                Math.max(1, Math.min(max, 500))),
                        new StringDeserializer(),
                        new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                                ProducerConfig.ACKS_CONFIG, "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
                        new StringSerializer(),
                        new StringSerializer())) {
            consumer.subscribe(List.of(deadLetterTopic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (replayed + skipped < max && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    break;
                }
                for (ConsumerRecord<String, String> record : records) {
                    Header replay = record.headers().lastHeader(DeadLetters.REPLAY);
                    String topic =
                            replay == null ? null : topics.get(new String(replay.value(), StandardCharsets.UTF_8));
                    if (topic == null) {
                        skipped++;
                    } else {
                        producer.send(new ProducerRecord<>(topic, record.key(), record.value()))
                                .get();
                        replayed++;
                    }
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Kafka refused a replayed record; the rest stay in " + deadLetterTopic, e);
        }
        return new Result(replayed, skipped);
    }

    /** The local profile's in-process queues: take what is waiting, hand it back to the bus. */
    private Result replayInProcess(int max) {
        int replayed = 0;
        int skipped = 0;
        Exchange dead;
        while (replayed + skipped < max && (dead = consumers.receiveNoWait(deadLettersUri)) != null) {
            String uri = uris.get(dead.getMessage().getHeader(DeadLetters.REPLAY, "", String.class));
            if (uri == null) {
                skipped++;
                continue;
            }
            producers.sendBodyAndHeader(
                    uri,
                    dead.getMessage().getBody(String.class),
                    "kafka.KEY",
                    dead.getMessage().getHeader("kafka.KEY"));
            replayed++;
        }
        return new Result(replayed, skipped);
    }
}
