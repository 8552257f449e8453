package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.RouteTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** decide-channel and send-handoff: each caller's channel, and what the worker sends on it. */
class SendHandoffRouteTest extends RouteTest {

    @Test
    void aVideoCapableWebCallerGetsOneWebPushIntoTheMessagingConversation() throws Exception {
        String conversation = UUID.randomUUID().toString();
        String record = offer(ArchitectCalls.webCall(conversation));
        Handoff offered = recordOf(record);
        assertThat(offered.channel()).isEqualTo("web");

        consume("send-handoff", record);
        // A repeated record (a retried webhook, a replay) is not sent twice.
        consume("send-handoff", record);

        assertThat(callsTo(
                        genesys(),
                        "/api/v2/conversations/messages/msg-" + conversation + "/communications/comm-1/messages"))
                .hasSize(1);
        assertThat(callsTo(genesys(), GenesysStubs.AGENTLESS_PATH)).isEmpty();
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.SENT);
        assertThat(history(offered.id())).contains("sent by web");
    }

    @Test
    void aCallerWithOnlyAPhoneGetsAnAgentlessSms() throws Exception {
        String record = offer(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "unknown"));
        Handoff offered = recordOf(record);
        assertThat(offered.channel()).isEqualTo("sms");

        consume("send-handoff", record);

        assertThat(callsTo(genesys(), GenesysStubs.AGENTLESS_PATH)).hasSize(1);
        assertThat(callsTo(genesys(), GenesysStubs.WEB_MESSAGE_PATH)).isEmpty();
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.SENT);
        assertThat(history(offered.id())).contains("sent by sms");
    }

    @Test
    void aCallerWithNoContactPathGoesToAnAgentWithoutAMessage() throws Exception {
        String record = offer("""
                {"conversationId": "%s", "participantId": "part-1", "assetId": "welcome/welcome.mp4"}""".formatted(UUID.randomUUID()));
        Handoff offered = recordOf(record);
        assertThat(offered.channel()).isEqualTo("agent");

        consume("send-handoff", record);

        assertThat(genesys().getReceivedCounter()).isZero();
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(history(offered.id())).contains("no phone number and no web session");
    }

    @Test
    void aLinkThatExpiredInTheBacklogIsNotSentAndTheCallerGoesToAnAgent() throws Exception {
        String record = offer(ArchitectCalls.webCall(UUID.randomUUID().toString()));
        Handoff offered = recordOf(record);
        clock.advance(
                Duration.between(offered.createdAt(), offered.linkExpiresAt()).plusSeconds(1));

        consume("send-handoff", record);

        assertThat(callsTo(genesys(), GenesysStubs.WEB_MESSAGE_PATH)).isEmpty();
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(history(offered.id())).contains("link expired before it could be sent");
    }
}
