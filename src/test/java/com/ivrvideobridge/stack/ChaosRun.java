package com.ivrvideobridge.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code scripts/stack chaos}: a stream of handoffs through the stack's load balancer while, one
 * after the other, a bridge instance is killed with kill -9 and started again, the Kafka broker stops
 * for 30 s, and the Genesys stand-in answers 503 for 30 s. Then it waits for every deadline and checks,
 * from the stand-in's journal and Redis, that each handoff the webhook accepted (2xx) was sent
 * exactly once and routed to an agent exactly once, and replays the dead letters. Prints the figures
 * (docs/benchmarks.md) and exits 1 on a lost or duplicated handoff.
 *
 * <p>Arguments: the status JSON of scripts/stack, the path of scripts/stack, the least number of
 * handoffs, handoffs per second.
 */
public final class ChaosRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int MAX_ATTEMPTS = 6;

    private final JsonNode status;
    private final String stack;
    private final long start = System.nanoTime();
    private final List<Window> windows = new ArrayList<>();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger offered = new AtomicInteger();
    private volatile boolean faultsDone;
    private int waitMinutes = 10;

    /** One webhook call: when it started (s since the start), how long it took, its status (-1: no answer). */
    record Attempt(double at, double millis, int status) {}

    /** A handoff the webhook accepted; its number (unique in the run) is how its callback is recognised. */
    record Accepted(String handoffId, String conversationId, String number) {}

    record Window(String name, double from, double to) {}

    private ChaosRun(JsonNode status, String stack) {
        this.status = status;
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("verify")) {
            // The checks again, later, on every handoff Redis holds (a fresh stack holds only the run's):
            // those the webhook accepted and any it stored without the caller seeing a 2xx.
            ChaosRun run = new ChaosRun(JSON.readTree(Files.readString(Path.of(args[1]))), null);
            run.waitMinutes = Integer.parseInt(args[2]);
            run.storedHandoffs();
            System.exit(run.verify(run.status.path("genesys").asText()) ? 0 : 1);
        }
        ChaosRun run = new ChaosRun(JSON.readTree(Files.readString(Path.of(args[0]))), args[1]);
        int least = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        System.exit(run.run(least, rate) ? 0 : 1);
    }

    private double now() {
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean run(int least, double rate) throws Exception {
        String genesys = status.path("genesys").asText();
        http("DELETE", genesys + "/__admin/requests", null);
        Thread faults = new Thread(
                () -> {
                    try {
                        faults(genesys);
                    } catch (Exception e) {
                        log("faults stopped: " + e);
                    } finally {
                        faultsDone = true;
                    }
                },
                "faults");
        faults.start();
        stream(least, rate);
        faults.join();
        log("stream done: " + offered.get() + " offered, " + accepted.size() + " accepted, " + refused.get()
                + " refused");
        return verify(genesys);
    }

    /** Open loop: a new handoff every 1/rate s whatever the answers, each retried as Architect would. */
    private void stream(int least, double rate) throws InterruptedException {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ExecutorService callers = Executors.newFixedThreadPool(64);
        ticker.scheduleAtFixedRate(
                () -> {
                    if (offered.get() >= least && faultsDone) {
                        return;
                    }
                    int n = offered.incrementAndGet();
                    callers.submit(() -> offer(n));
                },
                0,
                Math.round(1_000_000 / rate),
                TimeUnit.MICROSECONDS);
        while (!(offered.get() >= least && faultsDone)) {
            Thread.sleep(200);
        }
        ticker.shutdownNow();
        callers.shutdown();
        callers.awaitTermination(5, TimeUnit.MINUTES);
    }

    private void offer(int n) {
        String conversationId = UUID.randomUUID().toString();
        String number = String.format(Locale.ROOT, "+1415%07d", n);
        String body = String.format(
                Locale.ROOT,
                "{\"conversationId\": \"%s\", \"phoneNumber\": \"tel:%s\", \"assetId\": \"welcome/welcome.mp4\"}",
                conversationId,
                number);
        JsonNode credentials = status.path("credentials").path("webhook");
        String basic = Base64.getEncoder()
                .encodeToString(
                        (credentials.get(0).asText() + ":" + credentials.get(1).asText())
                                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(status.path("url").asText() + "/api/v1/handoffs"))
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            double at = now();
            int code;
            String answer = null;
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                code = response.statusCode();
                answer = response.body();
            } catch (IOException e) {
                code = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            attempts.add(new Attempt(at, (now() - at) * 1000, code));
            if (code >= 200 && code < 300) {
                try {
                    accepted.add(
                            new Accepted(JSON.readTree(answer).path("handoffId").asText(), conversationId, number));
                } catch (IOException e) {
                    log("2xx without a handoff id: " + answer);
                }
                return;
            }
            if (code >= 400 && code < 500) {
                log("refused " + code + ": " + answer);
                refused.incrementAndGet();
                return;
            }
            sleep(1000L * attempt);
        }
        refused.incrementAndGet();
    }

    private void faults(String genesys) throws Exception {
        sleep(20_000);
        double from = now();
        log("kill -9 bridge-1");
        script("kill", "1");
        log("start bridge-1 again");
        script("restart", "1");
        windows.add(new Window("bridge-1 killed (kill -9) until it was ready again", from, now()));
        sleep(15_000);
        from = now();
        log("stop Kafka for 30 s");
        script("kafka-stop");
        sleep(30_000);
        script("kafka-start");
        log("Kafka started");
        windows.add(new Window("Kafka broker stopped 30 s", from, now()));
        sleep(15_000);
        from = now();
        log("Genesys answers 503 for 30 s");
        String mapping = JSON.readTree(http("POST", genesys + "/__admin/mappings", """
                {"priority": 1, "request": {"method": "ANY", "urlPathPattern": "/api/v2/.*"},
                 "response": {"status": 503, "body": "{\\"message\\": \\"chaos\\"}", "headers": {"Content-Type": "application/json"}}}"""))
                .path("id")
                .asText();
        sleep(30_000);
        // The admin connection idled 30 s and the stand-in may have closed it ("header parser
        // received no bytes"): retry, or the fault never ends and no caller is routed.
        for (int attempt = 1; ; attempt++) {
            try {
                http("DELETE", genesys + "/__admin/mappings/" + mapping, null);
                break;
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                sleep(1_000);
            }
        }
        log("Genesys answers again");
        windows.add(new Window("Genesys answers 503 for 30 s", from, now()));
        sleep(20_000);
    }

    private boolean verify(String genesys) throws Exception {
        List<Accepted> handoffs = List.copyOf(accepted);
        try (RedisClient client = RedisClient.create(status.path("redis").asText());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            Map<String, String> tokens = new HashMap<>();
            for (Accepted handoff : handoffs) {
                String json = redis.hget("bridge:handoff:" + handoff.handoffId, "handoff");
                tokens.put(
                        handoff.handoffId,
                        json == null ? null : JSON.readTree(json).path("token").asText());
            }
            // Every deadline fires: wait until each handoff reached an agent (or waitMinutes passed).
            Instant until = Instant.now().plus(Duration.ofMinutes(waitMinutes));
            Counts counts = count(genesys, handoffs, tokens);
            while (counts.agentMissing() > 0 && Instant.now().isBefore(until)) {
                log(counts.agentMissing() + " handoffs not routed to an agent yet");
                sleep(10_000);
                counts = count(genesys, handoffs, tokens);
            }
            String replay = http(
                    "POST",
                    status.path("url").asText() + "/api/v1/dead-letters/replay",
                    null,
                    "Authorization",
                    "Bearer " + status.path("credentials").path("apiKey").asText());
            log("dead-letter replay: " + replay);
            sleep(30_000); // what the replay re-sent has been handled; a second send would show now
            counts = count(genesys, handoffs, tokens);
            String replayAgain = http(
                    "POST",
                    status.path("url").asText() + "/api/v1/dead-letters/replay",
                    null,
                    "Authorization",
                    "Bearer " + status.path("credentials").path("apiKey").asText());
            Map<String, Long> statuses = handoffs.stream()
                    .collect(Collectors.groupingBy(
                            h -> String.valueOf(redis.hget("bridge:handoff:" + h.handoffId, "status")),
                            Collectors.counting()));
            long escalatedTwice = handoffs.stream()
                    .filter(h -> redis.lrange("bridge:handoff:" + h.handoffId + ":history", 0, -1).stream()
                                    .filter(line -> line.contains("\"ESCALATED\""))
                                    .count()
                            > 1)
                    .count();

            System.out.println();
            System.out.println("Chaos run on scripts/stack, " + Instant.now());
            System.out.printf(
                    Locale.ROOT,
                    "offered %d, accepted (2xx) %d, refused after %d attempts %d%n",
                    offered.get(),
                    handoffs.size(),
                    MAX_ATTEMPTS,
                    refused.get());
            System.out.printf(
                    Locale.ROOT,
                    "SMS sent once %d, never %d, more than once %d%n",
                    counts.sentOnce,
                    counts.sentNever,
                    counts.sentTwice);
            System.out.printf(
                    Locale.ROOT,
                    "routed to an agent once %d, never %d, more than once %d; history with two escalations %d%n",
                    counts.agentOnce,
                    counts.agentMissing(),
                    counts.agentTwice,
                    escalatedTwice);
            System.out.println("statuses in Redis: " + statuses);
            System.out.println("dead-letter replay: " + replay + "; again after 30 s: " + replayAgain);
            Counts last = counts;
            long lost = handoffs.stream().filter(last::lost).count();
            System.out.printf(Locale.ROOT, "lost %d, duplicated %d%n", lost, counts.sentTwice + counts.agentTwice);
            System.out.println("webhook calls (each attempt), by phase:");
            printWindow("whole run", 0, Double.MAX_VALUE);
            for (Window window : windows) {
                printWindow(window.name, window.from, window.to);
            }
            return lost == 0 && counts.sentTwice == 0 && counts.agentTwice == 0 && escalatedTwice == 0;
        }
    }

    private void storedHandoffs() throws IOException {
        try (RedisClient client = RedisClient.create(status.path("redis").asText());
                StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            for (String key : redis.keys("bridge:handoff:*")) {
                if (key.chars().filter(c -> c == ':').count() == 2) {
                    JsonNode handoff = JSON.readTree(redis.hget(key, "handoff"));
                    accepted.add(new Accepted(
                            handoff.path("id").asText(),
                            handoff.path("call").path("conversationId").asText(),
                            handoff.path("call").path("phoneNumber").asText().replace("tel:", "")));
                }
            }
        }
        offered.set(accepted.size());
    }

    private void printWindow(String name, double from, double to) {
        List<Attempt> in =
                attempts.stream().filter(a -> a.at >= from && a.at < to).toList();
        List<Double> millis = in.stream().map(Attempt::millis).sorted().toList();
        long errors = in.stream().filter(a -> a.status < 200 || a.status >= 300).count();
        Map<Integer, Long> byStatus =
                in.stream().collect(Collectors.groupingBy(Attempt::status, Collectors.counting()));
        double p99 = millis.isEmpty()
                ? 0
                : millis.get(Math.min(millis.size() - 1, (int) Math.ceil(millis.size() * 0.99) - 1));
        double p50 = millis.isEmpty() ? 0 : millis.get(millis.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "  %-55s %6.1f s: %5d calls, %4d errors %s, p50 %.0f ms, p99 %.0f ms%n",
                name,
                Math.min(to, now()) - from,
                in.size(),
                errors,
                byStatus,
                p50,
                p99);
    }

    /** Per handoff: its SMS (2xx agentless sends carrying its link) and its agent routing (2xx callback or transfer). */
    private final class Counts {
        final Map<String, Integer> sms = new HashMap<>();
        final Map<String, Integer> agent = new HashMap<>();
        int sentOnce;
        int sentNever;
        int sentTwice;
        int agentOnce;
        int agentTwice;
        private int missing;

        int agentMissing() {
            return missing;
        }

        boolean lost(Accepted h) {
            return agent.getOrDefault(h.handoffId, 0) == 0;
        }
    }

    private Counts count(String genesys, List<Accepted> handoffs, Map<String, String> tokens) throws Exception {
        JsonNode journal =
                JSON.readTree(http("GET", genesys + "/__admin/requests", null)).path("requests");
        List<String> smsBodies = new ArrayList<>();
        List<String> agentCalls = new ArrayList<>();
        for (JsonNode event : journal) {
            int code = event.path("response")
                    .path("status")
                    .asInt(event.path("responseDefinition").path("status").asInt());
            if (code < 200 || code >= 300) {
                continue;
            }
            JsonNode request = event.path("request");
            String url = request.path("url").asText();
            String method = request.path("method").asText();
            if (!"POST".equals(method)) {
                continue;
            }
            if (url.startsWith("/api/v2/conversations/messages/agentless")) {
                smsBodies.add(request.path("body").asText());
            } else if (url.startsWith("/api/v2/conversations/callbacks")) {
                agentCalls.add(request.path("body").asText());
            } else if (url.matches("/api/v2/conversations/(calls/)?[^/]+/participants/[^/]+/replace(/queue)?.*")) {
                agentCalls.add(url);
            }
        }
        Counts counts = new Counts();
        for (Accepted handoff : handoffs) {
            String token = tokens.get(handoff.handoffId);
            int sms = token == null
                    ? 0
                    : (int) smsBodies.stream()
                            .filter(b -> b.contains("/w/" + token))
                            .count();
            int agent = (int) agentCalls.stream()
                    .filter(c -> c.contains(handoff.conversationId) || c.contains(handoff.number + "\""))
                    .count();
            counts.sms.put(handoff.handoffId, sms);
            counts.agent.put(handoff.handoffId, agent);
            if (sms == 0) {
                counts.sentNever++;
            } else if (sms == 1) {
                counts.sentOnce++;
            } else {
                counts.sentTwice++;
            }
            if (agent == 0) {
                counts.missing++;
            } else if (agent == 1) {
                counts.agentOnce++;
            } else {
                counts.agentTwice++;
            }
        }
        return counts;
    }

    private void script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(stack));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static String http(String method, String url, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void log(String message) {
        System.out.printf(Locale.ROOT, "chaos %7.1f s: %s%n", now(), message);
    }
}
