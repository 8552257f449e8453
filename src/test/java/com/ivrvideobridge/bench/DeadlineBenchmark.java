package com.ivrvideobridge.bench;

import com.ivrvideobridge.deadline.Deadlines;
import com.ivrvideobridge.deadline.TimeoutProperties;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

/**
 * Deadlines at scale: 100,000 pending in a real redis-server, two "instances" polling them as the
 * timeout-to-agent route does (every 250 ms, batches of 100), for the deadlines due during the
 * run. Reports Redis memory per pending deadline and how late each fired (p50, p99, max), and
 * that none fired twice or was missed. Usage: bench/deadline-benchmark.sh [pending] [seconds]
 */
public final class DeadlineBenchmark {

    public static void main(String[] args) throws Exception {
        int pending = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RedisServer redisServer = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .build();
        redisServer.start();
        LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", port);
        factory.afterPropertiesSet();
        factory.start();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        try {
            long before = usedMemory(redis);
            // Spread over an hour from 5 s on: as deadlines of real calls are, most far ahead.
            long start = System.currentTimeMillis() + 5_000;
            Map<String, Long> dueAt = new ConcurrentHashMap<>();
            List<String> batchIds = new ArrayList<>();
            for (int i = 0; i < pending; i++) {
                String id = UUID.randomUUID().toString();
                long due = start + (long) i * 3_600_000L / pending;
                dueAt.put(id, due);
                batchIds.add(id);
                if (batchIds.size() == 1000 || i == pending - 1) {
                    Map<String, Long> chunk = new java.util.HashMap<>();
                    batchIds.forEach(b -> chunk.put(b, dueAt.get(b)));
                    redis.executePipelined((org.springframework.data.redis.core.RedisCallback<Object>) c -> {
                        chunk.forEach((k, v) -> c.zSetCommands().zAdd("bridge:deadlines".getBytes(), v, k.getBytes()));
                        return null;
                    });
                    batchIds.clear();
                }
            }
            long perDeadline = (usedMemory(redis) - before) / pending;

            TimeoutProperties timeouts = new TimeoutProperties(
                    Duration.ofSeconds(10),
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(60),
                    100,
                    Duration.ofSeconds(30),
                    25,
                    Duration.ofMinutes(2));
            List<Long> lateness = Collections.synchronizedList(new ArrayList<>());
            Map<String, Integer> fired = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> instances = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                Deadlines deadlines = new Deadlines(redis, timeouts, Clock.systemUTC());
                Thread poller = new Thread(() -> {
                    while (running.get()) {
                        for (String id : deadlines.claimDue()) {
                            lateness.add(System.currentTimeMillis() - dueAt.get(id));
                            fired.merge(id, 1, Integer::sum);
                            deadlines.done(id);
                        }
                        try {
                            Thread.sleep(250);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                poller.start();
                instances.add(poller);
            }
            long end = System.currentTimeMillis() + runSeconds * 1000L;
            Thread.sleep(end - System.currentTimeMillis());
            running.set(false);
            for (Thread t : instances) {
                t.join();
            }
            long cutoff = end - 1_000;
            long expected = dueAt.values().stream().filter(d -> d <= cutoff).count();
            long firedDue = dueAt.entrySet().stream()
                    .filter(e -> e.getValue() <= cutoff && fired.containsKey(e.getKey()))
                    .count();
            List<Long> sorted = new ArrayList<>(lateness);
            Collections.sort(sorted);
            System.out.printf(
                    "pending deadlines: %d; Redis memory per pending deadline: %d bytes%n", pending, perDeadline);
            System.out.printf(
                    "fired during %d s: %d (due by the end: %d, fired of those: %d, fired twice: %d)%n",
                    runSeconds,
                    sorted.size(),
                    expected,
                    firedDue,
                    fired.values().stream().filter(c -> c > 1).count());
            System.out.printf(
                    "lateness ms: p50 %d, p99 %d, max %d%n",
                    pct(sorted, 0.50), pct(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
        } finally {
            factory.destroy();
            redisServer.stop();
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(sorted.size() * p)));
    }

    private static long usedMemory(StringRedisTemplate redis) {
        return Long.parseLong(redis.getConnectionFactory()
                .getConnection()
                .serverCommands()
                .info("memory")
                .getProperty("used_memory"));
    }
}
