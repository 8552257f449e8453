package com.ivrvideobridge.handoff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.media.AssetIds;
import com.ivrvideobridge.media.MediaProperties;
import com.ivrvideobridge.web.ApiException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Validates the Call Data Action's flat JSON. Data action contracts carry flat values only, so a
 * nested object or array anywhere is refused, as is anything that would break a later step
 * (a phone number that is not E.164, an unknown device type) - at the door, with the field named.
 */
@Component("handoffRequestParser")
public class HandoffRequestParser {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}");

    private final ObjectMapper json;
    private final HandoffProperties handoffs;
    private final MediaProperties media;

    public HandoffRequestParser(ObjectMapper json, HandoffProperties handoffs, MediaProperties media) {
        this.json = json;
        this.handoffs = handoffs;
        this.media = media;
    }

    public HandoffRequest parse(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest(null, "Request body is required: the Call Data Action's JSON object");
        }
        JsonNode root = json.readTree(body);
        if (!root.isObject()) {
            throw ApiException.badRequest(null, "Request body must be a flat JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isContainerNode()) {
                throw ApiException.badRequest(
                        field.getKey(),
                        field.getKey()
                                + " must be a flat value: data action contracts carry no nested objects or arrays");
            }
        }
        String conversationId = id(root, "conversationId", true);
        // Optional: Architect has no variable for it; the bridge looks the customer participant up
        // (CustomerParticipants).
        String participantId = id(root, "participantId", false);
        String customerId = text(root, "customerId", 128);
        // Architect's Call.Ani is a URI ("tel:+14155550100"): the flow may pass it as it is.
        String phoneNumber = withoutTelPrefix(text(root, "phoneNumber", 20));
        if (phoneNumber != null && !E164.matcher(phoneNumber).matches()) {
            throw ApiException.badRequest("phoneNumber", "phoneNumber must be in E.164 form, e.g. +14155550100");
        }
        String deviceType = text(root, "deviceType", 32);
        if (deviceType == null) {
            deviceType = "unknown";
        } else if (!handoffs.getDeviceTypes().contains(deviceType)) {
            throw ApiException.badRequest("deviceType", "deviceType must be one of " + handoffs.getDeviceTypes());
        }
        boolean video = bool(root, "hasVideoCapability");
        String assetId = text(root, "assetId", media.getAssetIdMaxLength() + 1);
        if (assetId == null) {
            throw ApiException.badRequest("assetId", "assetId is required");
        }
        try {
            AssetIds.validate(assetId, media.getAssetIdMaxLength());
        } catch (ApiException e) {
            throw new ApiException(400, e.getCode(), "assetId", e.getMessage().replace("asset_id", "assetId"));
        }
        String messagingConversationId = id(root, "messagingConversationId", false);
        String messagingCommunicationId = id(root, "messagingCommunicationId", false);
        if ((messagingConversationId == null) != (messagingCommunicationId == null)) {
            throw ApiException.badRequest(
                    messagingConversationId == null ? "messagingConversationId" : "messagingCommunicationId",
                    "messagingConversationId and messagingCommunicationId come together (an active web messaging session)");
        }
        String locale = text(root, "locale", 35);
        if (locale == null) {
            locale = handoffs.getDefaultLocale();
        } else if (!LOCALE.matcher(locale).matches()) {
            throw ApiException.badRequest("locale", "locale must be a language tag such as en-US");
        }
        return new HandoffRequest(
                conversationId,
                participantId,
                customerId,
                phoneNumber,
                deviceType,
                video,
                assetId,
                messagingConversationId,
                messagingCommunicationId,
                locale);
    }

    /** A Genesys id: it goes into outbound URL paths, so only the shape of bridge.handoff.id-pattern. */
    private String id(JsonNode root, String field, boolean required) {
        String value = text(root, field, 128);
        if (value == null) {
            if (required) {
                throw ApiException.badRequest(field, field + " is required");
            }
            return null;
        }
        if (!handoffs.acceptsId(value)) {
            throw ApiException.badRequest(field, field + " must be a Genesys id (" + handoffs.idShape() + ")");
        }
        return value;
    }

    /** A string field; absent, null and "" (what Architect sends for an empty variable) are all absent. */
    private static String text(JsonNode root, String field, int maxLength) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest(field, field + " must be a string");
        }
        String value = node.asText().trim();
        if (value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw ApiException.badRequest(field, field + " must be at most " + maxLength + " characters");
        }
        return value;
    }

    private static String withoutTelPrefix(String number) {
        return number != null && number.regionMatches(true, 0, "tel:", 0, 4) ? number.substring(4) : number;
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()
                && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(node.asText());
        }
        throw ApiException.badRequest(field, field + " must be true or false");
    }
}
