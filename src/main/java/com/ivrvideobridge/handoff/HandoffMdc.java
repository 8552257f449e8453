package com.ivrvideobridge.handoff;

import static com.ivrvideobridge.handoff.HandoffLogContext.CONVERSATION_ID;
import static com.ivrvideobridge.handoff.HandoffLogContext.HANDOFF_ID;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The handoff's ids (the exchange properties HandoffLogContext sets) in the MDC for every step of
 * an exchange that carries them, in every route it reaches, and the MDC as it was after the step.
 * Camel adds every InterceptStrategy bean to the context: each step of each route is wrapped.
 *
 * <p>Why not camel-mdc: it does this for every exchange and every step, with five more ids
 * (exchange, message (made on demand), route, thread, context); turning it off took the sign
 * endpoint from 0.60 to 0.68 of the trivial endpoint's throughput (docs/benchmarks.md). Here a
 * step of an exchange without a handoff costs two property and two MDC lookups.
 *
 * <p>A step that goes on asynchronously on another thread leaves this thread's MDC as it found it;
 * the steps after it set the ids again on whichever thread runs them (the same as camel-mdc).
 */
@Component
public class HandoffMdc implements InterceptStrategy {

    @Override
    public Processor wrapProcessorInInterceptors(
            CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(AsyncProcessorConverterHelper.convert(target)) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                // The restore also takes out what HandoffLogContext put during the step: a pooled
                // thread must not carry one caller's ids onto the next request's lines.
                try (Saved before = put(exchange)) {
                    return processor.process(exchange, callback);
                }
            }
        };
    }

    /**
     * The exchange's ids in this thread's MDC until {@link Saved#close()} puts back what was there.
     * For code Camel runs outside the steps it wraps (an onRedelivery processor runs in the error
     * handler): {@code try (HandoffMdc.Saved ids = HandoffMdc.put(exchange)) { ... }}.
     */
    public static Saved put(Exchange exchange) {
        Saved before = new Saved(MDC.get(HANDOFF_ID), MDC.get(CONVERSATION_ID));
        copy(exchange, HANDOFF_ID);
        copy(exchange, CONVERSATION_ID);
        return before;
    }

    /** The MDC's ids before {@link #put}; closing puts them back. */
    public record Saved(String handoffId, String conversationId) implements AutoCloseable {
        @Override
        public void close() {
            restore(HANDOFF_ID, handoffId);
            restore(CONVERSATION_ID, conversationId);
        }
    }

    private static void copy(Exchange exchange, String name) {
        String value = exchange.getProperty(name, String.class);
        if (value != null) {
            MDC.put(name, value);
        }
    }

    private static void restore(String name, String value) {
        if (value == null) {
            MDC.remove(name);
        } else {
            MDC.put(name, value);
        }
    }
}
