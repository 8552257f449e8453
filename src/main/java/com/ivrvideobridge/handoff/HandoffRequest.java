package com.ivrvideobridge.handoff;

/** The flat input of the Genesys Call Data Action, validated by {@link HandoffRequestParser}. */
public record HandoffRequest(
        String conversationId,
        String participantId,
        String customerId,
        String phoneNumber,
        String deviceType,
        boolean hasVideoCapability,
        String assetId,
        String messagingConversationId,
        String messagingCommunicationId,
        String locale) {

    public boolean hasPhoneNumber() {
        return phoneNumber != null;
    }

    public boolean hasMessagingSession() {
        return messagingConversationId != null && messagingCommunicationId != null;
    }
}
