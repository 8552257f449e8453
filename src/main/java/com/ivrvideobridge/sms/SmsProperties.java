package com.ivrvideobridge.sms;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code bridge.sms.*}: which gateway sends texts ({@code genesys}: agentless outbound SMS;
 * {@code twilio}: any Twilio-compatible gateway), from which number (E.164), and the longest
 * text sent (Genesys agentless SMS allows 765 characters). Delivery receipts: the Twilio gateway's
 * are signed with its auth token; Genesys Open Messaging receipts with {@code open-messaging.secret}
 * (the integration's outbound webhook secret token; empty: that endpoint is off). A Genesys agentless
 * SMS has no receipts: its status is polled ({@code agentless-receipts}, see AgentlessReceipts).
 */
@ConfigurationProperties("bridge.sms")
public record SmsProperties(
        @DefaultValue("genesys") String provider,
        @DefaultValue("") String fromNumber,
        @DefaultValue("765") int maxLength,
        @DefaultValue Twilio twilio,
        @DefaultValue OpenMessaging openMessaging,
        @DefaultValue AgentlessReceipts agentlessReceipts) {

    public record Twilio(
            @DefaultValue("https://api.twilio.com") String apiUrl,
            @DefaultValue("") String accountSid,
            @DefaultValue("") String authToken) {}

    public record OpenMessaging(@DefaultValue("") String secret) {}

    /**
     * When to ask Genesys for the status of an agentless SMS, counted from the send (empty: never);
     * how often each instance looks for due polls (ms), how many it takes at once, and how long a
     * claim lasts before another instance may take it (the claimer died).
     */
    public record AgentlessReceipts(
            @DefaultValue({"5s", "30s", "2m"}) List<Duration> pollDelays,
            @DefaultValue("1000") long pollInterval,
            @DefaultValue("20") int batchSize,

            @DefaultValue("2m") @DurationUnit(ChronoUnit.SECONDS)
            Duration lease) {}
}
