package com.ivrvideobridge.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.media.AssetIds;
import com.ivrvideobridge.media.MediaProperties;
import com.ivrvideobridge.web.ApiException;
import java.nio.charset.StandardCharsets;

/**
 * The webhook's parser on any body: a HandoffRequest every later step can use, or a refusal the
 * caller sees as a 4xx (ApiException, or malformed JSON, which ApiErrors answers 400). Seeds:
 * src/test/resources/com/ivrvideobridge/handoff/HandoffRequestFuzzTestInputs/parse/. Fuzz with
 * scripts/fuzz.sh.
 */
class HandoffRequestFuzzTest {

    private static final HandoffRequestParser UUIDS = parser(null);
    private static final HandoffRequestParser READABLE = parser("[A-Za-z0-9-]{1,64}");

    private static HandoffRequestParser parser(String idPattern) {
        HandoffProperties properties = new HandoffProperties();
        if (idPattern != null) {
            properties.setIdPattern(idPattern);
        }
        return new HandoffRequestParser(new ObjectMapper(), properties, new MediaProperties());
    }

    @FuzzTest
    void parse(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        for (HandoffRequestParser parser : new HandoffRequestParser[] {UUIDS, READABLE}) {
            HandoffRequest request;
            try {
                request = parser.parse(body);
            } catch (ApiException refused) {
                assertThat(refused.getStatus()).isBetween(400, 499);
                continue;
            } catch (JsonProcessingException malformed) {
                continue;
            }
            for (String id : new String[] {
                request.conversationId(),
                request.participantId(),
                request.messagingConversationId(),
                request.messagingCommunicationId()
            }) {
                assertThat(id == null || id.matches("[A-Za-z0-9_-]{1,128}"))
                        .as(id)
                        .isTrue();
            }
            assertThat(request.conversationId()).isNotNull();
            assertThat(request.messagingConversationId() == null).isEqualTo(request.messagingCommunicationId() == null);
            AssetIds.validate(request.assetId(), new MediaProperties().getAssetIdMaxLength());
            assertThat(request.phoneNumber() == null || request.phoneNumber().matches("\\+[1-9][0-9]{6,14}"))
                    .isTrue();
            assertThat(request.deviceType()).isIn(new HandoffProperties().getDeviceTypes());
            assertThat(request.locale()).isNotBlank();
        }
    }
}
