package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The link's percent-encoding against the SDK's, character by character: a difference would be a
 * link S3 refuses (the signature covers the encoded form). QuerySignerTest compares whole links.
 */
class SigV4QueryStringTest {

    @Test
    void encodesEveryCharacterAsTheSdkDoes() {
        List<String> values = new ArrayList<>();
        for (int c = 0; c < 0x800; c++) {
            values.add(String.valueOf((char) c));
        }
        values.addAll(List.of(
                "",
                "AKID/20261202/eu-west-1/s3/aws4_request",
                "a b+c*d~e%7E=f&g",
                "déjà vu €",
                "\uD83C\uDFAC emoji",
                "\uD800 lone surrogate",
                "session/token+with=odd&chars"));
        Random random = new Random(17);
        String alphabet = "aZ09-_.~ !\"#$%&'()*+,/:;<=>?@[\\]^`{|}é€\u00A0\t\n/";
        for (int i = 0; i < 2000; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }

        for (String value : values) {
            assertThat(SigV4QueryString.encode(value)).as("encode(%s)", value).isEqualTo(SdkHttpUtils.urlEncode(value));
            assertThat(SigV4QueryString.encodeKey(value))
                    .as("encodeKey(%s)", value)
                    .isEqualTo(SdkHttpUtils.urlEncodeIgnoreSlashes(value));
        }
    }
}
