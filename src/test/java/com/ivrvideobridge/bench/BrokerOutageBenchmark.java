package com.ivrvideobridge.bench;

import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.ServiceInstance.OpenedLink;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The webhook's answer time while the Kafka broker is down and the landing pages keep flushing
 * telemetry. A webhook-only instance (the production shape of the tier Architect calls) on a KRaft
 * broker of its own, Redis, S3Proxy and WireMock from the test bed, all in this JVM. {@code viewers}
 * pages (200 by default, as many as Tomcat's request threads) each flush a batch, wait for the
 * answer, wait the page's 2 s and flush again; {@code callers} Architect calls run back to back.
 * First with the broker up (the baseline), then for {@code seconds} with it stopped. Reports p50,
 * p99 and max of the webhook's answer times (goal: within its 8 s bound) and what the pages got.
 * <p>Usage: bench/broker-outage-benchmark.sh [seconds, default 60] [callers, default 50] [viewers, default 200]
 * [bridge.landing.max-concurrent, default the configured 100; 1000 turns the bulkhead off]
 */
public final class BrokerOutageBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The landing page's flush interval (landing.js). */
    private static final Duration PAGE_FLUSH = Duration.ofSeconds(2);

    private record Answer(String what, long nanos) {}

    public static void main(String[] args) {
        try {
            run(
                    args.length > 0 ? Integer.parseInt(args[0]) : 60,
                    args.length > 1 ? Integer.parseInt(args[1]) : 50,
                    args.length > 2 ? Integer.parseInt(args[2]) : 200,
                    args.length > 3 ? args[3] : "");
            System.exit(0);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(int seconds, int callers, int viewers, String maxConcurrent) throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 2);
        broker.afterPropertiesSet();
        GenesysStubs.allSucceed();
        Map<String, String> settings = new HashMap<>(ServiceInstance.bus(
                "outage-bench-" + UUID.randomUUID().toString().substring(0, 8)));
        settings.put("bridge.kafka.brokers", broker.getBrokersAsString());
        settings.put("bridge.worker.enabled", "false");
        if (!maxConcurrent.isBlank()) {
            settings.put("bridge.landing.max-concurrent", maxConcurrent);
        }
        settings.put("logging.level.root", "ERROR");
        settings.put("logging.level.com.ivrvideobridge", "ERROR");
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool())
                .build();
        try (ServiceInstance service = ServiceInstance.start(settings)) {
            List<OpenedLink> links = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                links.add(service.offerAndOpen(
                        ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web")));
            }
            System.out.printf(
                    "%d viewers' pages open; %d Architect callers; bridge.landing.max-concurrent %s; broker up, then stopped for %d s%n",
                    viewers, callers, maxConcurrent.isBlank() ? "as configured" : maxConcurrent, seconds);
            report("broker up (baseline, 20 s)", load(http, service, links, callers, 20));
            broker.destroy();
            report("broker stopped (" + seconds + " s)", load(http, service, links, callers, seconds));
        }
    }

    private record Load(List<Answer> webhook, List<Answer> pages) {}

    /** Pages flushing and Architect calling at the same time for {@code seconds}; the answers of each. */
    private static Load load(HttpClient http, ServiceInstance service, List<OpenedLink> links, int callers, int seconds)
            throws InterruptedException {
        List<Answer> webhook = Collections.synchronizedList(new ArrayList<>());
        List<Answer> pages = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService threads = Executors.newFixedThreadPool(links.size() + callers);
        for (OpenedLink link : links) {
            threads.execute(() -> {
                while (System.nanoTime() < end) {
                    pages.add(timed(
                            http,
                            HttpRequest.newBuilder(service.url("/w/" + link.token() + "/events"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            batch(link.sessionId(), link.sessionKey(), event("PAUSED", "[[0, 1.5]]"))))
                                    .build()));
                    pause(PAGE_FLUSH);
                }
            });
        }
        for (int i = 0; i < callers; i++) {
            threads.execute(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> answer = service.offer(
                                        ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_app"))
                                .get();
                        webhook.add(new Answer(outcome(answer), System.nanoTime() - start));
                    } catch (Exception e) {
                        webhook.add(
                                new Answer("client error " + e.getClass().getSimpleName(), System.nanoTime() - start));
                    }
                }
            });
        }
        threads.shutdown();
        threads.awaitTermination(seconds + 120L, TimeUnit.SECONDS);
        return new Load(webhook, pages);
    }

    private static Answer timed(HttpClient http, HttpRequest request) {
        long start = System.nanoTime();
        try {
            return new Answer(
                    outcome(http.send(request, HttpResponse.BodyHandlers.ofString())), System.nanoTime() - start);
        } catch (Exception e) {
            return new Answer("client error " + e.getClass().getSimpleName(), System.nanoTime() - start);
        }
    }

    private static String outcome(HttpResponse<String> response) {
        if (response.statusCode() == 200) {
            return "200";
        }
        try {
            return response.statusCode() + " "
                    + JSON.readTree(response.body()).path("error").asText();
        } catch (Exception e) {
            return Integer.toString(response.statusCode());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void report(String phase, Load load) {
        System.out.printf(
                "%n%s%n| requests | answers | n | p50 s | p99 s | max s |%n|---|---|---|---|---|---|%n", phase);
        row("webhook", load.webhook());
        row("telemetry", load.pages());
    }

    private static void row(String name, List<Answer> answers) {
        Map<String, List<Long>> byOutcome = new TreeMap<>();
        for (Answer answer : List.copyOf(answers)) {
            byOutcome.computeIfAbsent(answer.what(), k -> new ArrayList<>()).add(answer.nanos());
        }
        byOutcome.forEach((outcome, nanos) -> {
            Collections.sort(nanos);
            System.out.printf(
                    "| %s | %s | %d | %.3f | %.3f | %.3f |%n",
                    name,
                    outcome,
                    nanos.size(),
                    seconds(percentile(nanos, 50)),
                    seconds(percentile(nanos, 99)),
                    seconds(nanos.get(nanos.size() - 1)));
        });
    }

    private static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
