package com.ivrvideobridge.testbed;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffRequest;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.LinkTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Handoffs built directly, for tests that store one without the webhook (a crash, a backlog). */
public final class TestHandoffs {

    private TestHandoffs() {}

    /** An OFFERED SMS handoff of the sample tutorial to the test phone, its link alive for {@code linkLife}. */
    public static Handoff offeredSms(
            String conversationId, String participantId, Instant offeredAt, Duration linkLife) {
        return new Handoff(
                UUID.randomUUID().toString(),
                LinkTokens.next(),
                new HandoffRequest(
                        conversationId,
                        participantId,
                        null,
                        "+14155550100",
                        "mobile_app",
                        false,
                        TestServers.SAMPLE_ASSET,
                        null,
                        null,
                        "en-US"),
                "tutorials",
                "sms",
                HandoffStatus.OFFERED,
                offeredAt,
                offeredAt.plus(linkLife));
    }
}
