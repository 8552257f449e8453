package com.ivrvideobridge.outcome;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.outcome.*}: when and how cheaply each handoff's outcome is decided from Genesys
 * analytics (see {@link CallOutcomes}).
 * <ul>
 * <li>{@code settle}: how long after a conversation ended its analytics record is trusted (the
 * agent's wrap-up comes after the hang-up, detail data lags the call);</li>
 * <li>{@code repeat-window}: how long after the call a call from the same number counts as a
 * repeat contact (an outcome without an agent waits for it to close);</li>
 * <li>{@code give-up}: from the offer, when a handoff whose facts Genesys never gave becomes
 * {@code unknown} (must exceed repeat-window plus twice settle, or nothing could be resolved);</li>
 * <li>{@code retry-interval} doubling up to {@code max-retry-interval}: the wait after analytics
 * could not answer (not found yet, call not ended, Genesys down);</li>
 * <li>{@code rate-per-minute}: the share of the Genesys rate budget the outcome job may use, per
 * instance (on top of, and inside, {@code bridge.genesys.rate-per-minute});</li>
 * <li>{@code poll-interval} (ms, in the route), {@code batch-size}, {@code lease}: the due set's polling;</li>
 * <li>{@code wrap-up-code-cache}: how long a wrap-up code's name is kept in Redis.</li>
 * </ul>
 */
@ConfigurationProperties("bridge.outcome")
public record OutcomeProperties(
        @DefaultValue("15m") Duration settle,
        @DefaultValue("24h") Duration repeatWindow,
        @DefaultValue("48h") Duration giveUp,
        @DefaultValue("5m") Duration retryInterval,
        @DefaultValue("1h") Duration maxRetryInterval,
        @DefaultValue("60") int ratePerMinute,
        @DefaultValue("10") int batchSize,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("24h") Duration wrapUpCodeCache) {

    public OutcomeProperties {
        if (giveUp.compareTo(repeatWindow.plus(settle).plus(settle)) <= 0) {
            throw new IllegalArgumentException("bridge.outcome.give-up (" + giveUp + ") must be longer than "
                    + "bridge.outcome.repeat-window plus twice bridge.outcome.settle ("
                    + repeatWindow.plus(settle).plus(settle)
                    + "): no outcome without an agent could be decided before it");
        }
        if (ratePerMinute < 1 || batchSize < 1) {
            throw new IllegalArgumentException("bridge.outcome.rate-per-minute and batch-size must be at least 1");
        }
    }

    /** The wait after the {@code attempt}-th (from 1) read that could not decide: doubling, capped. */
    public Duration retryAfter(int attempt) {
        Duration wait = retryInterval;
        for (int i = 1; i < attempt && wait.compareTo(maxRetryInterval) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
    }
}
