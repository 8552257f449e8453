package com.ivrvideobridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConstantTimeMatcherTest {

    private final ConstantTimeMatcher matcher =
            new ConstantTimeMatcher(Arrays.asList("first-key", "second-key", "", null));

    @Test
    void acceptsEveryConfiguredKey() {
        assertThat(matcher.matches("first-key")).isTrue();
        assertThat(matcher.matches("second-key")).isTrue();
    }

    @Test
    void refusesPrefixesExtensionsBlankAndNull() {
        assertThat(matcher.matches("first-ke")).isFalse();
        assertThat(matcher.matches("first-key ")).isFalse();
        assertThat(matcher.matches("")).isFalse();
        assertThat(matcher.matches(null)).isFalse();
    }

    @Test
    void noConfiguredKeysMeansNothingMatches() {
        ConstantTimeMatcher none = new ConstantTimeMatcher(List.of());
        assertThat(none.isEmpty()).isTrue();
        assertThat(none.matches("")).isFalse();
    }
}
