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

/** timeout-to-agent, route-to-agent and agent-routing: a link not opened in time sends the caller to an agent, once. */
class TimeoutToAgentRouteTest extends RouteTest {

    @Test
    void aLinkNotOpenedBeforeTheChannelsTimeoutEscalatesOnceAndReachesForAnAgent() throws Exception {
        String record = offer(ArchitectCalls.webCall(UUID.randomUUID().toString()));
        Handoff offered = recordOf(record);
        consume("send-handoff", record);
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.SENT);

        // Not due yet: a tick changes nothing.
        consume("timeout-to-agent", null);
        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.SENT);

        // bridge.timeout.web (5m in testbed.properties) has passed.
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        consume("timeout-to-agent", null);
        consume("timeout-to-agent", null);

        assertThat(handoff(offered.id()).status()).isEqualTo(HandoffStatus.ESCALATED);
        assertThat(history(offered.id())).containsOnlyOnce("ESCALATED").contains("not viewed");

        // The agent-routing job: first, is the caller still on the line?
        consume("agent-routing", null);
        assertThat(callsTo(genesys(), GenesysStubs.CALL_PATH)).isNotEmpty();
    }
}
