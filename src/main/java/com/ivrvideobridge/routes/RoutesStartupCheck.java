package com.ivrvideobridge.routes;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * In production (bridge.routes.validate-on-start) an instance checks its routes folder before Camel
 * loads it, with the same checks as {@code --validate-routes}: a broken edit stops this instance's
 * start with file and line of each problem, so it never becomes ready and the instances already
 * running keep serving their routes (docs/routes-in-production.md).
 */
@Component
@ConditionalOnProperty(name = "bridge.routes.validate-on-start", havingValue = "true")
class RoutesStartupCheck implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutesStartupCheck.class);

    private final ApplicationContext context;
    private final Path folder;

    RoutesStartupCheck(ApplicationContext context, @Value("${bridge.routes.dir}") String folder) {
        this.context = context;
        this.folder = Path.of(folder);
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        List<RouteFolderValidator.Problem> problems = new RouteFolderValidator(
                        context::containsBean,
                        name -> Optional.ofNullable(context.getEnvironment().getProperty(name)))
                .validate(folder);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> log.error("Route problem: {}", problem));
            throw new IllegalStateException("The routes in " + folder + " are not valid; this instance does not start"
                    + " (the running ones keep their routes):\n"
                    + problems.stream().map(Object::toString).collect(Collectors.joining("\n")));
        }
        log.info("Routes in {} checked: valid", folder);
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {}
}
