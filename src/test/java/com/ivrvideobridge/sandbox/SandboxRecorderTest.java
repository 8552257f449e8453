package com.ivrvideobridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The sandbox page shows what would have been sent, never the caller's phone number. */
class SandboxRecorderTest {

    private final SandboxRecorder recorder = new SandboxRecorder(Clock.systemUTC());

    @Test
    void phoneNumbersAreMaskedInJsonAndInUrlEncodedFormBodies() {
        recorder.record("genesys", "POST", "/api/v2/conversations/messages/agentless", """
                {"toAddress": "+14155550100", "textBody": "Watch: http://localhost/w/abc"}""", 202);
        recorder.record(
                "twilio",
                "POST",
                "/2010-04-01/Accounts/AC1/Messages.json",
                "To=%2B14155550100&From=%2b15550000000&Body=Watch",
                201);

        assertThat(recorder.calls())
                .extracting(SandboxRecorder.RecordedCall::body)
                .containsExactly(
                        "To=+1********00&From=+1********00&Body=Watch",
                        "{\"toAddress\": \"+1********00\", \"textBody\": \"Watch: http://localhost/w/abc\"}")
                .noneMatch(body -> body.contains("4155550100") || body.contains("5550000000"));
    }
}
