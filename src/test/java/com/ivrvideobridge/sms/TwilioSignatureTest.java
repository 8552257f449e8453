package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    /** Twilio's published test vector. */
    private static final Map<String, String> PARAMS = Map.of(
            "CallSid",
            "CA1234567890ABCDE",
            "Caller",
            "+12349013030",
            "Digits",
            "1234",
            "From",
            "+12349013030",
            "To",
            "+18005551212");

    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    @Test
    void matchesTwiliosPublishedVector() {
        assertThat(TwilioSignature.compute("12345", URL, PARAMS)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(TwilioSignature.verify("12345", URL, PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isTrue();
    }

    @Test
    void refusesAnotherTokenUrlOrParameterAndNoSignature() {
        assertThat(TwilioSignature.verify("54321", URL, PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isFalse();
        assertThat(TwilioSignature.verify(
                        "12345", "http://10.0.0.5:8080/myapp.php?foo=1&bar=2", PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isFalse();
        assertThat(TwilioSignature.verify("12345", URL, Map.of("Digits", "9999"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isFalse();
        assertThat(TwilioSignature.verify("12345", URL, PARAMS, null)).isFalse();
        assertThat(TwilioSignature.verify("", URL, PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isFalse();
    }
}
