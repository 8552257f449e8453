package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ivrvideobridge.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** No URL may outlive the credentials that signed it. */
class SigningLifetimeTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static MediaProperties media(CredentialLimitPolicy policy) {
        MediaProperties media = new MediaProperties();
        media.getCredentialLimit().setPolicy(policy);
        media.getCredentialLimit().setSafetyMargin(Duration.ofSeconds(30));
        return media;
    }

    @Test
    void longLivedCredentialsKeepTheRequestedLifetime() {
        SigningLifetime lifetime =
                SigningLifetime.decide(300, Optional.empty(), NOW, media(CredentialLimitPolicy.SHORTEN));
        assertThat(lifetime.lifetime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(lifetime.note()).isNull();
    }

    @Test
    void temporaryCredentialsThatOutliveTheUrlKeepTheRequestedLifetime() {
        SigningLifetime lifetime = SigningLifetime.decide(
                300, Optional.of(NOW.plusSeconds(3600)), NOW, media(CredentialLimitPolicy.SHORTEN));
        assertThat(lifetime.lifetime()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void credentialsExpiringFirstShortenTheUrlAndSaySo() {
        SigningLifetime lifetime = SigningLifetime.decide(
                900, Optional.of(NOW.plusSeconds(400)), NOW, media(CredentialLimitPolicy.SHORTEN));
        assertThat(lifetime.lifetime()).isEqualTo(Duration.ofSeconds(370));
        assertThat(lifetime.note()).contains("Shortened from 900 s to 370 s", "credentials expire");
    }

    @Test
    void refusePolicyRefusesInsteadOfShortening() {
        assertThatThrownBy(() -> SigningLifetime.decide(
                        900, Optional.of(NOW.plusSeconds(400)), NOW, media(CredentialLimitPolicy.REFUSE)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("refused")
                .extracting(e -> ((ApiException) e).getStatus())
                .isEqualTo(503);
    }

    @Test
    void credentialsTooCloseToExpiryForTheMinimumAreRefusedEvenWhenShortening() {
        assertThatThrownBy(() -> SigningLifetime.decide(
                        300, Optional.of(NOW.plusSeconds(80)), NOW, media(CredentialLimitPolicy.SHORTEN)))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).getCode())
                .isEqualTo("signing_credentials_expiring");
    }
}
