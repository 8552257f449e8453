package com.ivrvideobridge.genesys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.Handoffs;
import com.ivrvideobridge.landing.LandingSessions;
import com.ivrvideobridge.support.ExchangeProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/** Bodies of the Genesys Cloud calls the routes make (shapes: shared/genesys-api.md). */
@Component("genesysRequests")
public class GenesysRequests {

    private final Handoffs handoffs;
    private final ObjectMapper json;

    public GenesysRequests(Handoffs handoffs, ObjectMapper json) {
        this.handoffs = handoffs;
        this.json = json;
    }

    /** AdditionalMessage for the live web messaging conversation: {@code {"textBody": ...}}. */
    public void webMessage(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff, Message message)
            throws JsonProcessingException {
        setJson(message, Map.of("textBody", handoffs.messageText(handoff, "web")));
    }

    /**
     * The seed's note into the live web messaging conversation when the caller opens the link:
     * "Video tutorial session initiated for asset ID: ...", with the source channel and session.
     */
    public void sessionStartedMessage(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff,
            @ExchangeProperty(LandingSessions.SESSION_ID) String session,
            Message message)
            throws JsonProcessingException {
        setJson(message, Map.of("textBody", handoffs.sessionStartedText(handoff, session)));
    }

    /** Participant attributes on the voice conversation: a flat map of strings, shown in the agent's sidebar. */
    public void contextAttributes(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff sent,
            @ExchangeProperty(LandingSessions.SESSION_ID) String session,
            Message message)
            throws JsonProcessingException {
        Handoff handoff = handoffs.current(sent);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("video_handoff_id", handoff.id());
        attributes.put("video_asset_id", handoff.call().assetId());
        attributes.put("video_channel", handoff.channel());
        attributes.put("video_status", handoff.status().name());
        if (session != null) {
            attributes.put("video_session_id", session);
            attributes.put("video_source_channel", Handoffs.SOURCE_CHANNEL);
        }
        setJson(message, Map.of("attributes", attributes));
    }

    /** No request body: a GET (the genesys-call template's default). */
    public void noBody(Message message) {
        message.setBody(null);
    }

    private void setJson(Message message, Object body) throws JsonProcessingException {
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(body));
    }
}
