package com.ivrvideobridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ivrvideobridge.IvrVideoBridgeApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/** The local profile's published credentials never guard anything outside that profile. */
class LocalSecretsCheckTest {

    private static MockEnvironment localValues() {
        return new MockEnvironment()
                .withProperty("bridge.security.api-keys", "a-real-key, local-dev-key")
                .withProperty("bridge.webhook.password", "local-dev-password")
                .withProperty("bridge.genesys.client-secret", "sandbox-secret")
                .withProperty("bridge.sms.twilio.auth-token", "sandbox-token")
                .withProperty("bridge.sms.open-messaging.secret", "local-dev-receipts-secret")
                .withProperty("bridge.s3.secret-key", "local-secret-key")
                .withProperty("bridge.webhook.header-value", "a-real-value");
    }

    @Test
    void outsideLocalEachSettingHoldingALocalCredentialIsNamed() {
        MockEnvironment environment = localValues();
        environment.setActiveProfiles("prod");
        assertThatThrownBy(() -> new LocalSecretsCheck().postProcessEnvironment(environment, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bridge.security.api-keys (BRIDGE_SECURITY_APIKEYS)")
                .hasMessageContaining("bridge.webhook.password (BRIDGE_WEBHOOK_PASSWORD)")
                .hasMessageContaining("bridge.genesys.client-secret (BRIDGE_GENESYS_CLIENTSECRET)")
                .hasMessageContaining("bridge.sms.twilio.auth-token (BRIDGE_SMS_TWILIO_AUTHTOKEN)")
                .hasMessageContaining("bridge.sms.open-messaging.secret (BRIDGE_SMS_OPENMESSAGING_SECRET)")
                .hasMessageContaining("bridge.s3.secret-key (BRIDGE_S3_SECRETKEY)")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("header-value")
                        .doesNotContain("local-dev-key"));
    }

    @Test
    void anyProfileButLocalIsChecked() {
        MockEnvironment environment =
                new MockEnvironment().withProperty("bridge.webhook.header-value", "local-dev-key");
        environment.setActiveProfiles("staging");
        assertThatThrownBy(() -> new LocalSecretsCheck().postProcessEnvironment(environment, null))
                .hasMessageContaining("bridge.webhook.header-value (BRIDGE_WEBHOOK_HEADERVALUE)");
    }

    @Test
    void theLocalProfileActiveOrByDefaultKeepsThem() {
        MockEnvironment active = localValues();
        active.setActiveProfiles("local");
        MockEnvironment byDefault = localValues();
        byDefault.setDefaultProfiles("local");
        assertThatCode(() -> new LocalSecretsCheck().postProcessEnvironment(active, null))
                .doesNotThrowAnyException();
        assertThatCode(() -> new LocalSecretsCheck().postProcessEnvironment(byDefault, null))
                .doesNotThrowAnyException();
    }

    @Test
    void theServiceRefusesToStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(IvrVideoBridgeApplication.class)
                        .profiles("staging")
                        .web(WebApplicationType.NONE)
                        .run("--bridge.security.api-keys=local-dev-key")
                        .close())
                .hasStackTraceContaining("bridge.security.api-keys (BRIDGE_SECURITY_APIKEYS)");
    }

    /** docker run with real settings and no profile must not start the local profile (spring.profiles.default). */
    @Test
    void theImageRunsTheProdProfile() throws Exception {
        assertThat(Files.readAllLines(Path.of("Dockerfile"))).contains("ENV SPRING_PROFILES_ACTIVE=prod");
    }
}
