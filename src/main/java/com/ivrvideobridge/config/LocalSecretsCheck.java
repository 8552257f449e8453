package com.ivrvideobridge.config;

import com.ivrvideobridge.routes.RoutesValidationCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code local} profile's credentials are published (README, docs/operations.md, application-local.yml): outside
 * that profile, a service whose credential settings hold one of them refuses to start, naming each
 * setting and its environment variable, so a copied value never guards a real deployment. Registered
 * in META-INF/spring.factories; runs after the profiles are known.
 */
public class LocalSecretsCheck implements EnvironmentPostProcessor {

    /** The well-known values: application-local.yml's credentials and the embedded store's key. */
    static final Set<String> WELL_KNOWN = Set.of(
            "local-dev-key",
            "local-dev-password",
            "local-dev-receipts-secret",
            "sandbox-token",
            "sandbox-secret",
            "local-secret-key");

    /** Settings that hold a credential (a list for the API keys). */
    static final List<String> CREDENTIALS = List.of(
            "bridge.security.api-keys",
            "bridge.webhook.password",
            "bridge.webhook.header-value",
            "bridge.genesys.client-secret",
            "bridge.sms.twilio.auth-token",
            "bridge.sms.open-messaging.secret",
            "bridge.s3.secret-key");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getProperty(RoutesValidationCommand.VALIDATING, Boolean.class, false)) {
            return; // --validate-routes: checks route files, runs nothing
        }
        if (environment.matchesProfiles("local")) {
            return;
        }
        List<String> problems = CREDENTIALS.stream()
                .filter(setting -> wellKnown(environment.getProperty(setting)))
                .map(setting -> setting + " ("
                        + setting.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT) + ")")
                .toList();
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Outside the local profile the service cannot start with the local profile's"
                            + " published credentials; set your own in:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static boolean wellKnown(String value) {
        return value != null
                && Arrays.stream(value.split(",")).map(String::strip).anyMatch(WELL_KNOWN::contains);
    }
}
