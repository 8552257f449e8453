package com.ivrvideobridge.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.media.MediaProperties;
import com.ivrvideobridge.web.ApiException;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Genesys ids go into outbound URL paths: only the configured shape, and never a path character. */
class HandoffRequestParserTest {

    private static final String UUID = "0b9c5a3e-6d4a-4e1b-9c7f-2A5D8E9B0C13";

    private static HandoffRequestParser parser(String idPattern) {
        HandoffProperties properties = new HandoffProperties();
        if (idPattern != null) {
            properties.setIdPattern(idPattern);
        }
        return new HandoffRequestParser(new ObjectMapper(), properties, new MediaProperties());
    }

    private static String call(String field, String id) {
        String body = """
                {"conversationId": "%s", "participantId": "%s", "assetId": "welcome/welcome.mp4",
                 "messagingConversationId": "%s", "messagingCommunicationId": "%s"}""".formatted(UUID, UUID, UUID, UUID);
        return body.replaceFirst("(\"" + field + "\": )\"[^\"]*\"", "$1\"" + id.replace("\\", "\\\\\\\\") + "\"");
    }

    @Test
    void byDefaultGenesysIdsAreUuidsInAnyCase() throws Exception {
        HandoffRequest request = parser(null).parse(call("conversationId", UUID.toLowerCase()));
        assertThat(request.conversationId()).isEqualTo(UUID.toLowerCase());
        assertThat(request.participantId()).isEqualTo(UUID);
        assertThat(request.messagingCommunicationId()).isEqualTo(UUID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conversationId", "participantId", "messagingConversationId", "messagingCommunicationId"})
    void byDefaultAnythingButAUuidIsRefusedNamingTheField(String field) {
        for (String id : new String[] {
            "demo-call-1", ".", "..", UUID + ".", UUID.substring(1), UUID + "0", "g" + UUID.substring(1)
        }) {
            assertThatThrownBy(() -> parser(null).parse(call(field, id)))
                    .as(id)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getStatus()).isEqualTo(400);
                        assertThat(e.getCode()).isEqualTo("invalid_request");
                        assertThat(e.getField()).isEqualTo(field);
                        assertThat(e.getMessage()).contains("a UUID");
                    });
        }
    }

    @Test
    void theRelaxedLocalShapeTakesReadableIds() throws Exception {
        assertThat(parser("[A-Za-z0-9-]{1,64}")
                        .parse(call("conversationId", "demo-call-1"))
                        .conversationId())
                .isEqualTo("demo-call-1");
    }

    /** Whatever the setting says, no id can be '.', '..' or carry '/', '%' or a backslash into a URL path. */
    @ParameterizedTest
    @ValueSource(strings = {"[A-Za-z0-9-]{1,64}", ".*", "[^/]+"})
    void noProfileCanLetAPathCharacterThrough(String idPattern) {
        for (String id :
                new String[] {".", "..", "a.b", "a/b", "..%2F..", "%2e%2e", "a\\b", "a:b", "a b", "a?b", "a#b"}) {
            assertThatThrownBy(() -> parser(idPattern).parse(call("participantId", id)))
                    .as(idPattern + " " + id)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.getField()).isEqualTo("participantId"));
        }
    }

    @Test
    void anInvalidPatternStopsTheService() {
        assertThatThrownBy(() -> new HandoffProperties().setIdPattern("[unclosed"))
                .isInstanceOf(PatternSyntaxException.class);
    }
}
