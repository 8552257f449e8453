package com.ivrvideobridge.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.Header;
import org.junit.jupiter.api.Test;

class SmsStatusSignatureFilterTest {

    /** Every form field the route reads is refused as an HTTP header (it would take the field's place). */
    @Test
    void theFieldsTheRouteReadsAreTheOnesRefusedAsHeaders() {
        Method readTwilio = Arrays.stream(SmsReceipts.class.getMethods())
                .filter(m -> m.getName().equals("readTwilio"))
                .findFirst()
                .orElseThrow();
        Set<String> read = Arrays.stream(readTwilio.getParameters())
                .filter(p -> p.isAnnotationPresent(Header.class))
                .map(p -> p.getAnnotation(Header.class).value())
                .collect(Collectors.toSet());
        assertThat(SmsStatusSignatureFilter.FIELDS_READ).containsAll(read);
    }
}
