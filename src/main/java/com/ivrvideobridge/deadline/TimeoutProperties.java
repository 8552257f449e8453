package com.ivrvideobridge.deadline;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code bridge.timeout.*}: how long after sending a link the caller has to open it before an
 * agent takes over, per channel (ISO-8601 like {@code PT10S}, {@code 10s}, or plain seconds).
 * Web: the seed's 10 s after the prompt (the caller is looking at the chat). SMS: 3 minutes, for
 * taking the phone from the ear, finding the text and opening it, plus carrier delay.
 * {@code opened}: a link opened but not started within this long still reaches an agent ("opened
 * but not started"): opening only extends the deadline, since link scanners that run scripts open
 * links too.
 */
@ConfigurationProperties("bridge.timeout")
public record TimeoutProperties(
        @DefaultValue("10s") @DurationUnit(ChronoUnit.SECONDS)
        Duration web,

        @DefaultValue("3m") @DurationUnit(ChronoUnit.SECONDS)
        Duration sms,

        @DefaultValue("60s") @DurationUnit(ChronoUnit.SECONDS)
        Duration lease,

        @DefaultValue("100") int batchSize,

        @DefaultValue("30s") @DurationUnit(ChronoUnit.SECONDS)
        Duration abandonedIdle,

        @DefaultValue("25") int abandonedBelowPercent,

        @DefaultValue("2m") @DurationUnit(ChronoUnit.SECONDS)
        Duration opened) {

    public Duration forChannel(String channel) {
        return "web".equals(channel) ? web : sms;
    }
}
