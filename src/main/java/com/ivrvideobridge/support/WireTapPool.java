package com.ivrvideobridge.support;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The executor of wire taps that leave a request thread (routes/landing/landing-handshake.yaml: telling
 * Genesys that a page opened its link). Bounded: {@code bridge.wire-taps.pool-size} threads and
 * {@code bridge.wire-taps.queue-size} waiting tasks. Camel's default wire-tap pool runs a task on the
 * caller's thread when it is full (CallerRuns): under a slow Genesys that is a Tomcat request thread,
 * and the caller's page waits for Genesys. Here a task that does not fit is shed instead, never run
 * on the caller's thread: its exchange goes to the dead-letter route ({@code direct:dead-letter}:
 * on the dead-letter topic, counted in {@code bridge_dead_letters_total}, noted in the handoff's
 * history), and {@code bridge_wire_taps_shed_total} counts it.
 * <p>
 * A wire tap names its executor and this bean as its {@code onPrepare}:
 * {@code wireTap: {uri: direct:x, executorService: wireTapExecutor, onPrepare: wireTapPool}}. Camel's
 * WireTapProcessor calls onPrepare with the tapped copy and then, on the same thread, submits the
 * task that routes it; the task does not expose the exchange, so onPrepare hands it over to that
 * submit through a thread-local, and a shed task's exchange can be dead-lettered. The executor is
 * bound in Camel's registry only: as a Spring bean (an {@code Executor}) it would make Spring Boot
 * drop its own {@code applicationTaskExecutor}.
 */
@Component("wireTapPool")
public class WireTapPool implements Processor, DisposableBean {

    /** The executor's name in Camel's registry, for the wire tap's {@code executorService}. */
    public static final String EXECUTOR = "wireTapExecutor";

    private static final Logger log = LoggerFactory.getLogger(WireTapPool.class);
    static final String DEAD_LETTER = "direct:dead-letter";

    private final ThreadPoolExecutor pool;
    private final ThreadLocal<Exchange> preparing = new ThreadLocal<>();
    private final ProducerTemplate producer;
    private final Counter shed;

    public WireTapPool(
            @Value("${bridge.wire-taps.pool-size:8}") int poolSize,
            @Value("${bridge.wire-taps.queue-size:200}") int queueSize,
            CamelContext camel,
            @Lazy ProducerTemplate producer,
            MeterRegistry registry) {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "wire-tap-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        this.pool = new ThreadPoolExecutor(
                poolSize,
                poolSize,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, queueSize)),
                factory,
                new ThreadPoolExecutor.AbortPolicy());
        this.producer = producer;
        this.shed = Counter.builder("bridge.wire.taps.shed")
                .description("Wire-tap tasks shed (dead-lettered) because the wire-tap pool was full")
                .register(registry);
        Gauge.builder("bridge.wire.taps.queued", pool, p -> p.getQueue().size())
                .description("Wire-tap tasks waiting for a thread")
                .register(registry);
        camel.getRegistry().bind(EXECUTOR, ExecutorService.class, new SheddingExecutor());
    }

    /** The wire tap's onPrepare: remembers the tapped copy for the submit that follows on this thread. */
    @Override
    public void process(Exchange tapped) {
        preparing.set(tapped);
    }

    /** Runs the task on the pool, or sheds it (with the exchange onPrepare handed over) when the pool is full. */
    void offer(Runnable task) {
        Exchange tapped = preparing.get();
        preparing.remove();
        try {
            pool.execute(task);
        } catch (RejectedExecutionException full) {
            shed(tapped);
        }
    }

    private void shed(Exchange tapped) {
        shed.increment();
        String reason = "wire-tap pool full (" + pool.getMaximumPoolSize() + " threads busy, "
                + pool.getQueue().size() + " queued; bridge.wire-taps.*): not run";
        if (tapped == null) {
            log.error(
                    "A wire-tap task was dropped: {} (the wire tap does not name wireTapPool as its onPrepare)",
                    reason);
            return;
        }
        log.warn("Dead-lettering a wire-tap task: {}", reason);
        tapped.setProperty(Exchange.EXCEPTION_CAUGHT, new RejectedExecutionException(reason));
        try {
            producer.send(DEAD_LETTER, tapped);
        } catch (RuntimeException e) {
            tapped.setException(e);
        }
        if (tapped.getException() != null) {
            log.error("A shed wire-tap task could not be dead-lettered either", tapped.getException());
        }
    }

    /** What the wire tap submits to; its lifecycle is the Spring bean's ({@link #destroy()}). */
    private final class SheddingExecutor extends AbstractExecutorService {

        @Override
        public void execute(Runnable task) {
            offer(task);
        }

        @Override
        public void shutdown() {
            pool.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return pool.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return pool.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return pool.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return pool.awaitTermination(timeout, unit);
        }
    }

    /** Lets the tasks already taken finish for a few seconds when the service stops. */
    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }
}
