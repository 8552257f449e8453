package com.ivrvideobridge.bench;

import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Batched telemetry ingest into Kafka, end to end: landing-page batches (50 events) POSTed to
 * /w/{token}/events of the real service (checked, de-duplicated, published with acks=all, recorded)
 * by wrk (bench/telemetry.lua, outside this JVM), against a raw KafkaProducer (acks=all, idempotent) writing records of the
 * same size to the same broker in the same JVM. Then every accepted event is counted on the topic.
 * Usage: bench/telemetry-benchmark.sh [seconds per phase, default 60] [connections, default 16] [warm-up seconds, default 180]
 */
public final class TelemetryBenchmark {

    private static final int BATCH = 50;
    /** What the raw producer writes: a record of the size the service writes. */
    private static final String SAMPLE_RECORD =
            "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"PAUSED\",\"timestamp\":\"2026-11-25T10:00:00Z\","
                    + "\"receivedAt\":\"2026-11-25T10:00:00.123456789Z\",\"sessionId\":\"yt0bwpqZP98dXPnfmhuPKg\","
                    + "\"handoffId\":\"" + UUID.randomUUID() + "\",\"conversationId\":\"" + UUID.randomUUID() + "\","
                    + "\"participantId\":\"part-1\",\"assetId\":\"welcome/welcome.mp4\",\"channel\":\"sms\",\"deviceType\":\"mobile_web\","
                    + "\"position\":0.2,\"durationSeconds\":6.0,\"durationWatched\":1.5,\"watchedPercent\":25,"
                    + "\"completionStatus\":\"incomplete\",\"credited\":true}";

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        // Long enough for the JIT to finish: at 60 s its compiler threads still took a quarter of the CPU.
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 180;
        GenesysStubs.allSucceed();
        String topic = "bench-telemetry-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new java.util.HashMap<>(ServiceInstance.bus(topic));
        settings.put("bridge.kafka.topics.telemetry", topic);
        settings.put("logging.level.com.ivrvideobridge", "WARN");
        try (ServiceInstance service = ServiceInstance.start(settings)) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < clients * 4; i++) {
                ServiceInstance.OpenedLink link = service.offerAndOpen(
                        ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web"));
                lines.add(link.token() + " " + link.sessionId() + " " + link.sessionKey());
            }
            Path sessions = Files.write(Files.createTempFile("telemetry-sessions", ".txt"), lines);
            System.out.printf("Warming up the ingest for %d s...%n", warmUp);
            ingest(service, sessions, clients, warmUp);
            Result ingest = ingest(service, sessions, clients, seconds);
            Result raw = rawProducer(topic, clients, seconds, SAMPLE_RECORD);
            TopicCount onTopic = countOnTopic(topic);
            System.out.println();
            System.out.printf(
                    "| Path | Events/s | p50 per batch | p99 per batch | Events accepted | Errors |%n|---|---|---|---|---|---|%n");
            System.out.printf(
                    "| service: POST /w/{token}/events, %d events per batch, %d connections (wrk) | %,.0f | %.1f ms | %.1f ms | %,d | %d |%n",
                    BATCH,
                    clients,
                    ingest.rate(),
                    ingest.p50Millis,
                    ingest.p99Millis,
                    ingest.events.get(),
                    ingest.errors.get());
            System.out.printf(
                    "| raw KafkaProducer, acks=all, idempotent, same broker | %,.0f | | | %,d | %d |%n",
                    raw.rate(), raw.events.get(), raw.errors.get());
            System.out.printf("%nRatio service / raw producer: %.2f%n", ingest.rate() / raw.rate());
            long accepted = ingest.total.get();
            System.out.printf(
                    "Records on the topic: %,d (raw producer: %,d, acknowledged %,d; service: %,d, distinct event ids %,d).%n",
                    onTopic.records(),
                    onTopic.raw(),
                    raw.events.get(),
                    onTopic.serviceRecords(),
                    onTopic.distinctServiceEvents());
            System.out.printf(
                    "Events the service acknowledged (warm-up and measured): %,d; lost (acknowledged, not on the topic): %,d;"
                            + " duplicates: %,d; on the topic but never answered (in flight when wrk stopped, at most %,d): %,d%n",
                    accepted,
                    Math.max(0, accepted - onTopic.distinctServiceEvents())
                            + Math.max(0, raw.events.get() - onTopic.raw()),
                    onTopic.serviceRecords() - onTopic.distinctServiceEvents(),
                    2L * clients * BATCH,
                    Math.max(0, onTopic.distinctServiceEvents() - accepted));
        }
    }

    private static final class Result {
        final AtomicLong events = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        long nanos;
        double p50Millis;
        double p99Millis;

        double rate() {
            return events.get() / (nanos / 1e9);
        }
    }

    /**
     * The landing pages: wrk (bench/telemetry.lua) outside this JVM, so the load generator's own
     * HTTP client and JSON do not run on the service's threads and heap.
     */
    private static Result ingest(ServiceInstance service, Path sessions, int clients, int seconds) throws Exception {
        Path out = Files.createTempFile("telemetry-wrk", ".txt");
        ProcessBuilder command = new ProcessBuilder(
                        "wrk",
                        "-t1",
                        "-c" + clients,
                        "-d" + seconds + "s",
                        "--latency",
                        "-s",
                        "bench/telemetry.lua",
                        service.url("").toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        command.environment().put("SESSIONS", sessions.toString());
        command.environment().put("BATCH", Integer.toString(BATCH));
        Process wrk = command.start();
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + Files.readString(out));
        }
        String report = Files.readString(out);
        Result result = new Result();
        result.events.set(number(report, "accepted events: (\\d+)"));
        result.errors.set(number(report, "refused batches: (\\d+)") + socketErrors(report));
        result.nanos = (long) (seconds(text(report, "requests in ([0-9.]+[smh]),")) * 1e9);
        result.p50Millis = millis(text(report, "\\s50%\\s+(\\S+)"));
        result.p99Millis = millis(text(report, "\\s99%\\s+(\\S+)"));
        ACCEPTED_SO_FAR.addAndGet(result.events.get());
        result.total.set(ACCEPTED_SO_FAR.get());
        return result;
    }

    private static final AtomicLong ACCEPTED_SO_FAR = new AtomicLong();

    private static String text(String report, String regex) {
        Matcher m = Pattern.compile(regex).matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("wrk output without " + regex + ":\n" + report);
        }
        return m.group(1);
    }

    private static long number(String report, String regex) {
        Matcher m = Pattern.compile(regex).matcher(report);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** "Socket errors: connect 0, read 0, write 0, timeout 0" (a line wrk prints only when there are some). */
    private static long socketErrors(String report) {
        Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(report);
        return m.find()
                ? Long.parseLong(m.group(1))
                        + Long.parseLong(m.group(2))
                        + Long.parseLong(m.group(3))
                        + Long.parseLong(m.group(4))
                : 0;
    }

    /** wrk's run time: 60.00s, 3.00m or 1.00h. */
    private static double seconds(String value) {
        double number = Double.parseDouble(value.substring(0, value.length() - 1));
        return switch (value.charAt(value.length() - 1)) {
            case 'h' -> number * 3600;
            case 'm' -> number * 60;
            default -> number;
        };
    }

    /** wrk's latency: 850.00us, 12.34ms or 1.20s. */
    private static double millis(String value) {
        if (value.endsWith("us")) {
            return Double.parseDouble(value.substring(0, value.length() - 2)) / 1000;
        }
        if (value.endsWith("ms")) {
            return Double.parseDouble(value.substring(0, value.length() - 2));
        }
        return Double.parseDouble(value.substring(0, value.length() - 1)) * 1000;
    }

    private static Result rawProducer(String topic, int clients, int seconds, String record) throws Exception {
        Result result = new Result();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestServers.kafkaBrokers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        "true",
                        ProducerConfig.LINGER_MS_CONFIG,
                        "0"),
                new StringSerializer(),
                new StringSerializer())) {
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

    /** What the topic holds, read to its end: every record, the raw producer's, and the service's distinct event ids. */
    private record TopicCount(long records, long raw, long serviceRecords, long distinctServiceEvents) {}

    private static TopicCount countOnTopic(String topic) {
        long records = 0;
        long raw = 0;
        // 64-bit hashes of the service's event ids (millions of them: strings would not fit the heap).
        long[] ids = new long[1 << 20];
        int n = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestServers.kafkaBrokers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "bench-count-" + UUID.randomUUID(),
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        "5000"),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    if (record.value().equals(SAMPLE_RECORD)) {
                        raw++;
                        continue;
                    }
                    if (n == ids.length) {
                        ids = Arrays.copyOf(ids, n * 2);
                    }
                    ids[n++] = eventIdHash(record.value());
                }
            }
        }
        Arrays.sort(ids, 0, n);
        long distinct = n == 0 ? 0 : 1;
        for (int k = 1; k < n; k++) {
            if (ids[k] != ids[k - 1]) {
                distinct++;
            }
        }
        return new TopicCount(records, raw, n, distinct);
    }

    private static long eventIdHash(String record) {
        int start = record.indexOf("\"eventId\":\"") + 11;
        String id = record.substring(start, record.indexOf('"', start));
        long h = 1125899906842597L;
        for (int k = 0; k < id.length(); k++) {
            h = 31 * h + id.charAt(k);
        }
        return h ^ ((long) id.hashCode() << 32);
    }
}
