package com.ivrvideobridge.sms;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bridge.sms.*}: which gateway sends texts ({@code genesys}: agentless outbound SMS;
 * {@code twilio}: any Twilio-compatible gateway), from which number (E.164), and the longest
 * text sent (Genesys agentless SMS allows 765 characters). Delivery receipts: the Twilio gateway's
 * are signed with its auth token; Genesys Open Messaging receipts with {@code open-messaging.secret}
 * (the integration's outbound webhook secret token; empty: that endpoint is off).
 */
@ConfigurationProperties("bridge.sms")
public record SmsProperties(
        @DefaultValue("genesys") String provider,
        @DefaultValue("") String fromNumber,
        @DefaultValue("765") int maxLength,
        @DefaultValue Twilio twilio,
        @DefaultValue OpenMessaging openMessaging) {

    public record Twilio(
            @DefaultValue("https://api.twilio.com") String apiUrl,
            @DefaultValue("") String accountSid,
            @DefaultValue("") String authToken) {
    }

    public record OpenMessaging(@DefaultValue("") String secret) {
    }
}
