package com.ivrvideobridge.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A zero-delay Genesys Cloud stand-in for the benchmarks (not the tests, which use WireMock):
 * answers the OAuth token, message, agentless SMS and attribute calls at once, and enforces
 * Genesys' per-token rate limit like the real API (429 with Retry-After past N requests in any
 * 60 s window), so a benchmark can count the 429s the service brought on itself.
 * {@code GET /stats} reports {@code {"requests": n, "rateLimited": n, "messages": n}} (messages: web pushes
 * and SMS answered 200).
 *
 * <p>Usage: {@code java -cp target/test-classes com.ivrvideobridge.bench.GenesysStub PORT RATE_PER_MINUTE}
 */
public final class GenesysStub {

    private final int ratePerMinute;
    private final Deque<Long> window = new ArrayDeque<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();

    private GenesysStub(int ratePerMinute) {
        this.ratePerMinute = ratePerMinute;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        GenesysStub stub = new GenesysStub(Integer.parseInt(args[1]));
        // The JDK server leaves Nagle on: a response's body then waits for the client's delayed ACK
        // of its headers (about 40 ms per call), which capped a sender at about 80 handoffs/s.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", stub::handle);
        server.start();
        System.out.println("Genesys stub on 127.0.0.1:" + port + ", " + args[1] + " requests per minute");
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/stats")) {
            respond(
                    exchange,
                    200,
                    "{\"requests\": " + requests.get() + ", \"rateLimited\": " + rateLimited.get() + ", \"messages\": "
                            + messages.get() + "}");
        } else if (path.equals("/oauth/token")) {
            respond(
                    exchange,
                    200,
                    "{\"access_token\": \"bench-token\", \"token_type\": \"bearer\", \"expires_in\": 86400}");
        } else if (!admit()) {
            rateLimited.incrementAndGet();
            exchange.getResponseHeaders().add("Retry-After", "1");
            respond(exchange, 429, "{\"code\": \"too.many.requests\", \"status\": 429}");
        } else if (path.endsWith("/attributes")) {
            respond(exchange, 202, "");
        } else {
            if (path.endsWith("/messages") || path.endsWith("/agentless")) {
                messages.incrementAndGet();
            }
            respond(exchange, 200, "{\"id\": \"bench-" + requests.get() + "\", \"status\": \"sent\"}");
        }
    }

    /** Sliding 60 s window per token (one token here). */
    private synchronized boolean admit() {
        requests.incrementAndGet();
        long now = System.nanoTime();
        while (!window.isEmpty() && now - window.peekFirst() > 60_000_000_000L) {
            window.pollFirst();
        }
        if (window.size() >= ratePerMinute) {
            return false;
        }
        window.addLast(now);
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
