package com.ivrvideobridge.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.RouteTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The web-push-fallback policy and sms-fallback: a web push refused for good becomes an SMS, or an agent. */
class SmsFallbackRouteTest extends RouteTest {

    @Test
    void aWebPushRefusedForGoodGoesBackOnTheBusAsAnSmsAndIsSentAsOne() throws Exception {
        answerStatus(GenesysStubs.WEB_MESSAGE_PATH, 404);
        Handoff offered = offerAndSend(ArchitectCalls.webCall(UUID.randomUUID().toString()));

        // One attempt (a refusal is not retried), then the SMS record on the bus, no dead letter.
        assertThat(callsTo(genesys(), GenesysStubs.WEB_MESSAGE_PATH)).hasSize(1);
        assertThat(handoffsBus().getReceivedCounter()).isEqualTo(2);
        String smsRecord =
                handoffsBus().getReceivedExchanges().get(1).getMessage().getBody(String.class);
        assertThat(recordOf(smsRecord).id()).isEqualTo(offered.id());
        assertThat(recordOf(smsRecord).channel()).isEqualTo("sms");
        assertThat(deadLetters().getReceivedCounter()).isZero();

        consume("send-handoff", smsRecord);

        assertThat(callsTo(genesys(), GenesysStubs.AGENTLESS_PATH)).hasSize(1);
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.SENT);
        assertThat(history(offered.id())).contains("sent by sms");
    }

    @Test
    void aWebPushRefusedForGoodWithNoPhoneNumberFailsAndTheCallerGoesToAnAgent() throws Exception {
        answerStatus(GenesysStubs.WEB_MESSAGE_PATH, 400);
        Handoff offered = offerAndSend(
                ArchitectCalls.webCallWithoutPhone(UUID.randomUUID().toString()));

        assertThat(handoffsBus().getReceivedCounter()).as("no SMS record").isEqualTo(1);
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(history(offered.id())).contains("FAILED");
    }

    @Test
    void anOutageIsNotARefusalAndGetsNoSms() throws Exception {
        answerStatus(GenesysStubs.WEB_MESSAGE_PATH, 503);
        offerAndSend(ArchitectCalls.webCall(UUID.randomUUID().toString()));

        assertThat(handoffsBus().getReceivedCounter()).as("no SMS record").isEqualTo(1);
        assertThat(callsTo(genesys(), GenesysStubs.AGENTLESS_PATH)).isEmpty();
    }
}
