package com.ivrvideobridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ivrvideobridge.IvrVideoBridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** The prod profile refuses to start until it has every setting it needs, naming each one. */
class ProductionProfileTest {

    @Test
    void withNothingSetItNamesEveryMissingSetting() {
        assertThatThrownBy(() -> start())
                .hasStackTraceContaining("The prod profile cannot start")
                .satisfies(e -> assertThat(rootMessage(e))
                        .contains(
                                "spring.data.redis.host (BRIDGE_REDIS_HOST)",
                                "bridge.kafka.brokers (BRIDGE_KAFKA_BROKERS)",
                                "bridge.public-base-url (BRIDGE_PUBLIC_BASE_URL)",
                                "bridge.security.api-keys (BRIDGE_SECURITY_APIKEYS)",
                                "bridge.genesys.client-id (BRIDGE_GENESYS_CLIENTID)",
                                "bridge.genesys.client-secret (BRIDGE_GENESYS_CLIENTSECRET)",
                                "bridge.agent.queue-id (BRIDGE_AGENT_QUEUEID)",
                                "bridge.webhook.username and password",
                                "bridge.sms.from-number (BRIDGE_SMS_FROMNUMBER)"));
    }

    @Test
    void theLocalSandboxIsRefused() {
        assertThatThrownBy(() -> start("--bridge.sandbox.enabled=true"))
                .satisfies(e -> assertThat(rootMessage(e)).contains("bridge.sandbox.enabled must be false in prod"));
    }

    @Test
    void withEverythingSetTheCheckPasses() {
        ProductionSettingsCheck check = new ProductionSettingsCheck();
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment()
                .withProperty("spring.data.redis.host", "redis.internal")
                .withProperty("bridge.kafka.brokers", "kafka.internal:9092")
                .withProperty("bridge.public-base-url", "https://video.example.com")
                .withProperty("bridge.security.api-keys", "k1")
                .withProperty("bridge.media.default-bucket", "tutorials")
                .withProperty("bridge.genesys.client-id", "id")
                .withProperty("bridge.genesys.client-secret", "secret")
                .withProperty("bridge.agent.queue-id", "q")
                .withProperty("bridge.webhook.username", "architect")
                .withProperty("bridge.webhook.password", "pw")
                .withProperty("bridge.sms.from-number", "+15550001234");
        environment.setActiveProfiles("prod");
        check.postProcessEnvironment(environment, null);
    }

    private static void start(String... args) {
        new SpringApplicationBuilder(IvrVideoBridgeApplication.class)
                .profiles("prod")
                .web(WebApplicationType.NONE)
                .run(args)
                .close();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
