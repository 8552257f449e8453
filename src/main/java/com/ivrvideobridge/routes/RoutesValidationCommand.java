package com.ivrvideobridge.routes;

import com.ivrvideobridge.IvrVideoBridgeApplication;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar app.jar --validate-routes=DIR}: checks an edited routes folder before it goes live
 * and exits 0 when it is valid, 1 naming file and line of each problem otherwise
 * (docs/routes-in-production.md). It builds the application's beans and settings as the instances
 * would (same profile, same environment variables), lazily and without a web server, embedded servers
 * or routes, so nothing connects anywhere; the production settings check is skipped.
 */
public final class RoutesValidationCommand {

    static final String OPTION = "--validate-routes=";
    /** Set while validating: ProductionSettingsCheck and LocalSecretsCheck stand aside. */
    public static final String VALIDATING = "bridge.routes.validating";

    private RoutesValidationCommand() {}

    public static boolean requested(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.startsWith(OPTION));
    }

    /** Runs the check; returns the process's exit code. */
    public static int run(String[] args, PrintStream out) {
        Path folder = Path.of(Arrays.stream(args)
                .filter(a -> a.startsWith(OPTION))
                .findFirst()
                .orElseThrow()
                .substring(OPTION.length()));
        List<String> arguments = new ArrayList<>(
                Arrays.stream(args).filter(a -> !a.startsWith(OPTION)).toList());
        // As command-line arguments, so they outrank config/application*.yml.
        arguments.addAll(List.of(
                "--spring.main.web-application-type=none",
                "--spring.main.lazy-initialization=true",
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--logging.level.root=WARN",
                "--camel.main.routes-collector-enabled=false",
                "--bridge.routes.validate-on-start=false",
                "--bridge.embedded.redis.enabled=false",
                "--bridge.embedded.s3.enabled=false",
                "--" + VALIDATING + "=true"));
        SpringApplication application = new SpringApplicationBuilder(IvrVideoBridgeApplication.class).build();
        int[] exitCode = {2};
        // Once the beans are defined, before the application is "ready" (whose listeners would reach
        // out to S3, Genesys...): check, close, and abandon the run.
        application.addListeners((ApplicationListener<ApplicationStartedEvent>) started -> {
            ConfigurableApplicationContext context = started.getApplicationContext();
            try {
                exitCode[0] = check(context, folder, out);
            } finally {
                context.close();
            }
            throw new SpringApplication.AbandonedRunException(context);
        });
        try {
            application.run(arguments.toArray(String[]::new));
        } catch (SpringApplication.AbandonedRunException checked) {
            // the check ran
        }
        return exitCode[0];
    }

    private static int check(ConfigurableApplicationContext context, Path folder, PrintStream out) {
        List<RouteFolderValidator.Problem> problems = new RouteFolderValidator(
                        context::containsBean,
                        name -> Optional.ofNullable(context.getEnvironment().getProperty(name)))
                .validate(folder);
        problems.forEach(out::println);
        out.println(
                problems.isEmpty()
                        ? folder + ": valid"
                        : folder + ": " + problems.size() + " problem(s); do not put it live");
        return problems.isEmpty() ? 0 : 1;
    }
}
