package com.ivrvideobridge.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.Handoffs;
import com.ivrvideobridge.support.ExchangeProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Builds the text message for the send-sms route, for either provider: always plain SMS (never
 * MMS: no media attached), the link in the text, within the provider's length limit.
 */
@Component("smsRequests")
public class SmsRequests {

    private final SmsProperties sms;
    private final Handoffs handoffs;
    private final ObjectMapper json;
    private final String statusCallbackUrl;

    public SmsRequests(
            SmsProperties sms,
            Handoffs handoffs,
            ObjectMapper json,
            @Value("${bridge.public-base-url}") String publicBaseUrl) {
        this.sms = sms;
        this.handoffs = handoffs;
        this.json = json;
        this.statusCallbackUrl = publicBaseUrl.replaceAll("/+$", "") + "/api/v1/sms/status";
    }

    /** Body of {@code POST /api/v2/conversations/messages/agentless}. */
    public void genesysAgentless(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff, Message message)
            throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fromAddress", sms.fromNumber());
        body.put("toAddress", handoff.call().phoneNumber());
        body.put("toAddressMessengerType", "sms");
        body.put("textBody", text(handoff));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(body));
    }

    /** Form body and Basic credentials of {@code POST /2010-04-01/Accounts/{sid}/Messages.json}. */
    public void twilio(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff, Message message) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", handoff.call().phoneNumber());
        form.put("From", sms.fromNumber());
        form.put("Body", text(handoff));
        form.put("StatusCallback", statusCallbackUrl);
        String credentials = sms.twilio().accountSid() + ":" + sms.twilio().authToken();
        message.setHeader(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        message.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
        message.setBody(form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    private String text(Handoff handoff) {
        String text = handoffs.messageText(handoff, "sms");
        if (text.length() > sms.maxLength()) {
            throw new IllegalStateException(
                    "The sms template for locale " + handoff.call().locale() + " renders " + text.length()
                            + " characters, over bridge.sms.max-length " + sms.maxLength());
        }
        return text;
    }
}
