package com.ivrvideobridge.testbed;

/** Bodies of the Call Data Action as Genesys Architect sends them, for the tests. */
public final class ArchitectCalls {

    private ArchitectCalls() {}

    /** A video-capable desktop caller with an active web messaging session (web push). */
    public static String webCall(String conversationId) {
        return """
                {"conversationId": "%s", "participantId": "part-1", "customerId": "cust-42",
                 "phoneNumber": "+14155550100", "deviceType": "desktop", "hasVideoCapability": true,
                 "assetId": "%s", "messagingConversationId": "msg-%s", "messagingCommunicationId": "comm-1",
                 "locale": "en-US"}""".formatted(conversationId, TestServers.SAMPLE_ASSET, conversationId);
    }

    /** A caller reachable only by phone (SMS). */
    public static String smsCall(String conversationId, String deviceType) {
        return smsCall(conversationId, deviceType, TestServers.SAMPLE_ASSET);
    }

    /** A caller reachable only by phone (SMS), offered another tutorial. */
    public static String smsCall(String conversationId, String deviceType, String assetId) {
        return """
                {"conversationId": "%s", "participantId": "part-1", "phoneNumber": "+14155550100",
                 "deviceType": "%s", "hasVideoCapability": false, "assetId": "%s"}""".formatted(conversationId, deviceType, assetId);
    }

    /**
     * What a real inbound call flow can send: Call.ConversationId, Call.Ani, the asset and
     * Call.Language; no participant id (Architect has none: the bridge looks it up).
     */
    public static String callFromArchitect(String conversationId) {
        return """
                {"conversationId": "%s", "phoneNumber": "+14155550100", "assetId": "%s", "locale": "en-US"}""".formatted(conversationId, TestServers.SAMPLE_ASSET);
    }

    /** A video-capable web caller with a messaging session and no phone number. */
    public static String webCallWithoutPhone(String conversationId) {
        return """
                {"conversationId": "%s", "participantId": "part-1", "deviceType": "desktop", "hasVideoCapability": true,
                 "assetId": "%s", "messagingConversationId": "msg-%s", "messagingCommunicationId": "comm-1"}""".formatted(conversationId, TestServers.SAMPLE_ASSET, conversationId);
    }
}
