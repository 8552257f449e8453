package com.ivrvideobridge.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.PageEvents;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Batched telemetry ingest into Kafka, end to end: landing-page batches (50 events) POSTed to
 * /w/{token}/events of the real service (checked, de-duplicated, published with acks=all, recorded)
 * by concurrent clients, against a raw KafkaProducer (acks=all, idempotent) writing records of the
 * same size to the same broker in the same JVM. Then every accepted event is counted on the topic.
 * Usage: bench/telemetry-benchmark.sh [seconds per phase, default 60] [clients, default 16]
 */
public final class TelemetryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        GenesysStubs.allSucceed();
        String topic = "bench-telemetry-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new java.util.HashMap<>(ServiceInstance.bus(topic));
        settings.put("bridge.kafka.topics.telemetry", topic);
        settings.put("logging.level.com.ivrvideobridge", "WARN");
        try (ServiceInstance service = ServiceInstance.start(settings)) {
            List<String[]> sessions = new ArrayList<>();
            for (int i = 0; i < clients * 4; i++) {
                ServiceInstance.OpenedLink link = service.offerAndOpen(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web"));
                sessions.add(new String[] {link.token(), link.sessionId(), link.sessionKey()});
            }
            System.out.printf("Warming up the ingest for %d s...%n", Math.min(seconds, 60));
            ingest(service, sessions, clients, Math.min(seconds, 60));
            Result ingest = ingest(service, sessions, clients, seconds);
            Result raw = rawProducer(topic, clients, seconds, ingest.sampleRecord);
            long onTopic = countOnTopic(topic);
            System.out.println();
            System.out.printf("| Path | Events/s | p50 per batch | p99 per batch | Events accepted | Errors |%n|---|---|---|---|---|---|%n");
            System.out.printf("| service: POST /w/{token}/events, %d events per batch, %d clients | %,.0f | %.1f ms | %.1f ms | %,d | %d |%n",
                    BATCH, clients, ingest.rate(), ingest.p(50), ingest.p(99), ingest.events.get(), ingest.errors.get());
            System.out.printf("| raw KafkaProducer, acks=all, idempotent, same broker | %,.0f | | | %,d | %d |%n",
                    raw.rate(), raw.events.get(), raw.errors.get());
            System.out.printf("%nRatio service / raw producer: %.2f%n", ingest.rate() / raw.rate());
            long expected = ingest.total.get() + raw.events.get();
            System.out.printf("Records on the topic: %,d; expected (accepted by the service in both runs + raw): %,d; lost: %,d%n",
                    onTopic, expected, expected - onTopic);
        }
        System.exit(0);
    }

    private static final class Result {
        final AtomicLong events = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        final List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
        long nanos;
        String sampleRecord = "";

        double rate() {
            return events.get() / (nanos / 1e9);
        }

        double p(int percentile) {
            List<Long> sorted = new ArrayList<>(latenciesMicros);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1000.0;
        }
    }

    private static final AtomicLong ACCEPTED_SO_FAR = new AtomicLong();

    private static Result ingest(ServiceInstance service, List<String[]> sessions, int clients, int seconds) throws Exception {
        Result result = new Result();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    String[] session = sessions.get((client + n++ * clients) % sessions.size());
                    String[] events = new String[BATCH];
                    for (int i = 0; i < BATCH; i++) {
                        events[i] = PageEvents.event("PAUSED", "[[0, 1.5]]");
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.url("/w/" + session[0] + "/events"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofString(PageEvents.batch(session[1], session[2], events))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        result.latenciesMicros.add((System.nanoTime() - t0) / 1000);
                        if (response.statusCode() == 200) {
                            int accepted = JSON.readTree(response.body()).path("accepted").asInt();
                            result.events.addAndGet(accepted);
                            ACCEPTED_SO_FAR.addAndGet(accepted);
                        } else {
                            result.errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        result.errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        result.nanos = System.nanoTime() - start;
        result.total.set(ACCEPTED_SO_FAR.get());
        result.sampleRecord = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"PAUSED\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                + "\"receivedAt\":\"2026-11-25T10:00:00.123456789Z\",\"sessionId\":\"yt0bwpqZP98dXPnfmhuPKg\","
                + "\"handoffId\":\"" + UUID.randomUUID() + "\",\"conversationId\":\"" + UUID.randomUUID() + "\","
                + "\"participantId\":\"part-1\",\"assetId\":\"welcome/welcome.mp4\",\"channel\":\"sms\",\"deviceType\":\"mobile_web\","
                + "\"position\":0.2,\"durationSeconds\":6.0,\"durationWatched\":1.5,\"watchedPercent\":25,"
                + "\"completionStatus\":\"incomplete\",\"credited\":true}";
        pool.shutdown();
        return result;
    }

    private static Result rawProducer(String topic, int clients, int seconds, String record) throws Exception {
        Result result = new Result();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBrokers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new StringSerializer())) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    // Like the service: batches of 50 records of one key, each batch waiting for all its acks.
                    String key = UUID.randomUUID().toString();
                    List<Future<?>> window = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        for (int i = 0; i < BATCH; i++) {
                            window.add(producer.send(new ProducerRecord<>(topic, key, record)));
                        }
                        for (Future<?> f : window) {
                            try {
                                f.get();
                                result.events.incrementAndGet();
                            } catch (Exception e) {
                                result.errors.incrementAndGet();
                            }
                        }
                        window.clear();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            pool.shutdown();
            result.nanos = System.nanoTime() - start;
        }
        return result;
    }

    private static long countOnTopic(String topic) {
        Set<String> seen = new HashSet<>();
        long count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBrokers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-count-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int empty = 0;
            while (empty < 10) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    empty++;
                }
                for (var r : records) {
                    count++;
                    seen.add(r.partition() + ":" + r.offset());
                }
            }
        }
        return seen.size() == count ? count : seen.size();
    }
}
