package com.ivrvideobridge.handoff;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One Genesys token for many calls; refreshed once when it expires or is refused. */
class GenesysTokenTest extends BridgeIntegrationTest {

    @BeforeEach
    void stubs() {
        GenesysStubs.allSucceed();
    }

    private List<String> sendWebPushes(int count) throws Exception {
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String conversation = UUID.randomUUID().toString();
            conversations.add(conversation);
            assertThat(callWebhook(ArchitectCalls.webCall(conversation)).statusCode())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(conversations)
                        .allSatisfy(c -> assertThat(TestServers.genesysApi()
                                        .findAll(postRequestedFor(urlPathEqualTo("/api/v2/conversations/messages/msg-"
                                                + c + "/communications/comm-1/messages"))))
                                .hasSize(1)));
        return conversations;
    }

    @Test
    void oneTokenServesManyCallsAndIsRenewedOnceAfterItExpires() throws Exception {
        long before = nextGenesysCallFetchesAToken(() -> {});
        sendWebPushes(10);
        assertThat(tokenFetches() - before).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        sendWebPushes(10);

        assertThat(tokenFetches() - before).isEqualTo(2);
        assertThat(TestServers.genesysLogin()
                        .findAll(postRequestedFor(urlEqualTo("/oauth/token"))
                                .withHeader("Authorization", equalTo("Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQ="))))
                .isNotEmpty();
    }

    @Test
    void a401RefreshesTheTokenOnceAndRetries() throws Exception {
        long before =
                nextGenesysCallFetchesAToken(() -> GenesysStubs.firstTokenThen("revoked-token", GenesysStubs.TOKEN));
        TestServers.genesysApi()
                .stubFor(post(urlPathMatching(GenesysStubs.WEB_MESSAGE_PATH))
                        .withHeader("Authorization", equalTo("Bearer revoked-token"))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(401)));
        String conversation = UUID.randomUUID().toString();

        assertThat(callWebhook(ArchitectCalls.webCall(conversation)).statusCode())
                .isEqualTo(200);

        String path = "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages";
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(TestServers.genesysApi()
                                .findAll(postRequestedFor(urlPathEqualTo(path))
                                        .withHeader("Authorization", equalTo("Bearer " + GenesysStubs.TOKEN))))
                        .hasSize(1));
        assertThat(TestServers.genesysApi().findAll(postRequestedFor(urlPathEqualTo(path))))
                .hasSize(2);
        assertThat(tokenFetches() - before).isEqualTo(2);
    }
}
