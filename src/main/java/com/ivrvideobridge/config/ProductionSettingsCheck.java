package com.ivrvideobridge.config;

import com.ivrvideobridge.routes.RoutesValidationCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code prod} profile starts only with everything it needs: before anything else is built,
 * it names every missing setting (and its environment variable) at once, and refuses the local
 * sandbox and embedded servers. Registered in META-INF/spring.factories.
 */
public class ProductionSettingsCheck implements EnvironmentPostProcessor {

    /** Setting -> its environment variable. */
    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put("spring.data.redis.host", "BRIDGE_REDIS_HOST");
        REQUIRED.put("bridge.kafka.brokers", "BRIDGE_KAFKA_BROKERS");
        REQUIRED.put("bridge.public-base-url", "BRIDGE_PUBLIC_BASE_URL");
        REQUIRED.put("bridge.security.api-keys", "BRIDGE_SECURITY_APIKEYS");
        REQUIRED.put("bridge.media.default-bucket", "BRIDGE_MEDIA_DEFAULTBUCKET");
        REQUIRED.put("bridge.genesys.client-id", "BRIDGE_GENESYS_CLIENTID");
        REQUIRED.put("bridge.genesys.client-secret", "BRIDGE_GENESYS_CLIENTSECRET");
        REQUIRED.put("bridge.agent.queue-id", "BRIDGE_AGENT_QUEUEID");
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(RoutesValidationCommand.VALIDATING, Boolean.class, false)) {
            return; // --validate-routes: checks route files, runs nothing
        }
        if (!environment.matchesProfiles("prod")) {
            return;
        }
        List<String> problems = new ArrayList<>();
        REQUIRED.forEach((setting, variable) -> {
            if (blank(environment.getProperty(setting))) {
                problems.add(setting + " (" + variable + ")");
            }
        });
        boolean basic = !blank(environment.getProperty("bridge.webhook.username"))
                && !blank(environment.getProperty("bridge.webhook.password"));
        boolean header = !blank(environment.getProperty("bridge.webhook.header-name"))
                && !blank(environment.getProperty("bridge.webhook.header-value"));
        if (!basic && !header) {
            problems.add("bridge.webhook.username and password (BRIDGE_WEBHOOK_USERNAME, BRIDGE_WEBHOOK_PASSWORD),"
                    + " or header-name and header-value");
        }
        if ("twilio".equals(environment.getProperty("bridge.sms.provider"))) {
            for (String twilio : List.of("account-sid", "auth-token")) {
                if (blank(environment.getProperty("bridge.sms.twilio." + twilio))) {
                    problems.add("bridge.sms.twilio." + twilio + " (BRIDGE_SMS_TWILIO_"
                            + twilio.replace("-", "").toUpperCase(Locale.ROOT) + ")");
                }
            }
        } else if (blank(environment.getProperty("bridge.sms.from-number"))) {
            problems.add("bridge.sms.from-number (BRIDGE_SMS_FROMNUMBER)");
        }
        for (String local :
                List.of("bridge.sandbox.enabled", "bridge.embedded.redis.enabled", "bridge.embedded.s3.enabled")) {
            if (Boolean.parseBoolean(environment.getProperty(local, "false"))) {
                problems.add(local + " must be false in prod (local-only)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The prod profile cannot start; missing or wrong settings:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
