package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.RouteTest;
import java.util.UUID;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

/** outbound-http's retries and the dead-letter route: what is still failing lands on the dead-letter bus, described. */
class DeadLetterRouteTest extends RouteTest {

    @Test
    void aSendStillFailingAfterItsRetriesIsDeadLetteredWithItsOriginalRecord() throws Exception {
        answerStatus(GenesysStubs.WEB_MESSAGE_PATH, 503);
        Handoff offered = offerAndSend(ArchitectCalls.webCall(UUID.randomUUID().toString()));

        // 1 attempt + bridge.outbound.maximum-redeliveries (3 in testbed.properties).
        assertThat(callsTo(genesys(), GenesysStubs.WEB_MESSAGE_PATH)).hasSize(4);
        assertThat(deadLetters().getReceivedCounter()).isEqualTo(1);
        Message dead = deadLetters().getReceivedExchanges().get(0).getMessage();
        // The record as consumed (the one the webhook published), for the replay.
        assertThat(dead.getBody(String.class))
                .isEqualTo(
                        handoffsBus().getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(dead.getHeader("bridge-attempts", String.class)).isEqualTo("4");
        assertThat(dead.getHeader("bridge-error", String.class)).contains("503");
        assertThat(dead.getHeader("bridge-replay", String.class)).isEqualTo("handoffs");
        // An outage: the handoff waits for the replay, nobody is escalated yet.
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.OFFERED);
    }

    @Test
    void anSmsRefusedForGoodIsDeadLetteredAndTheCallerGoesToAnAgentAtOnce() throws Exception {
        answerStatus(GenesysStubs.AGENTLESS_PATH, 400);
        Handoff offered = offerAndSend(ArchitectCalls.smsCall(UUID.randomUUID().toString(), "unknown"));

        assertThat(callsTo(genesys(), GenesysStubs.AGENTLESS_PATH))
                .as("a refusal is not retried")
                .hasSize(1);
        assertThat(deadLetters().getReceivedCounter()).isEqualTo(1);
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(history(offered.id())).contains("FAILED").contains("not delivered");
    }
}
