package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The SMS path through a Twilio-compatible gateway. */
@TestPropertySource(properties = "bridge.sms.provider=twilio")
class TwilioSmsTest extends BridgeIntegrationTest {

    @Test
    void smsGoesThroughTheTwilioMessagesApiWithAStatusCallback() throws Exception {
        GenesysStubs.allSucceed();
        String conversation = UUID.randomUUID().toString();
        JsonNode answer = new ObjectMapper()
                .readTree(callWebhook(ArchitectCalls.smsCall(conversation, "mobile_app"))
                        .body());
        assertThat(answer.path("channel").asText()).isEqualTo("sms");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(TestServers.smsGateway()
                                .findAll(postRequestedFor(urlEqualTo(GenesysStubs.TWILIO_PATH))))
                        .isNotEmpty());
        List<LoggedRequest> sent =
                TestServers.smsGateway().findAll(postRequestedFor(urlEqualTo(GenesysStubs.TWILIO_PATH)));
        LoggedRequest request = sent.get(sent.size() - 1);
        Map<String, String> form = Arrays.stream(request.getBodyAsString().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));

        assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic QUMtdGVzdDp0d2lsaW8tdGVzdC10b2tlbg==");
        assertThat(form)
                .containsEntry("To", "+14155550100")
                .containsEntry("From", "+15550000000")
                .containsEntry("StatusCallback", "https://video.example.test/api/v1/sms/status");
        assertThat(form.get("Body")).contains("https://video.example.test/w/");
        assertThat(form).doesNotContainKey("MediaUrl");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(new ObjectMapper()
                                .readTree(getJson("/api/v1/handoffs/"
                                                + answer.path("handoffId").asText())
                                        .body())
                                .path("history")
                                .toString())
                        .contains("SM0123456789abcdef0123456789abcdef"));
    }
}
