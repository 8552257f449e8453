package com.ivrvideobridge.routes;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Checks a folder of YAML routes before it goes live (docs/routes-in-production.md): every
 * {@code *.yaml} file under it, at any depth, parses as Camel YAML DSL; route, route configuration and
 * template ids are unique across the folder; every {@code routeConfigurationId} names one; every
 * endpoint's scheme is a component on this classpath; every bean a route names ({@code ref:},
 * {@code bean:} URIs, {@code ${bean:...}}) exists; every {@code {{placeholder}}} resolves. Each
 * problem names its file and line. Used by {@code --validate-routes=DIR} and at start in production
 * ({@link RoutesStartupCheck}).
 */
public final class RouteFolderValidator {

    /** One problem: the file (as reached from the folder given), its 1-based line, what is wrong. */
    public record Problem(Path file, int line, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + message;
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");
    /** The simple language's way to name a setting, e.g. in a toD URI. */
    private static final Pattern PROPERTIES_FUNCTION = Pattern.compile("\\$\\{properties:([^{}]+)}");

    private static final Pattern SIMPLE_BEAN = Pattern.compile("\\$\\{bean:([A-Za-z_][\\w-]*)");
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    /** Keys whose scalar value is an endpoint URI. */
    private static final Set<String> ENDPOINT_KEYS =
            Set.of("uri", "from", "to", "toD", "wireTap", "deadLetterUri", "interceptSendToEndpoint", "pollEnrich");
    /** Top-level elements that carry an id, each kind unique on its own. */
    private static final Set<String> IDENTIFIED =
            Set.of("route", "routeConfiguration", "routeTemplate", "templatedRoute");

    private final Predicate<String> beanExists;
    private final Function<String, Optional<String>> property;

    /**
     * @param beanExists whether the application has a bean of that name
     * @param property a setting's value, empty when it is not set
     */
    public RouteFolderValidator(Predicate<String> beanExists, Function<String, Optional<String>> property) {
        this.beanExists = beanExists;
        this.property = property;
    }

    public List<Problem> validate(Path folder) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            problems.add(new Problem(folder, 0, "not a folder"));
            return problems;
        }
        List<Path> files = yamlFiles(folder);
        if (files.isEmpty()) {
            problems.add(new Problem(folder, 0, "no *.yaml route file in it"));
            return problems;
        }
        List<Path> templates =
                files.stream().filter(RouteFolderValidator::declaresTemplates).toList();
        Folder seen = new Folder();
        for (Path file : files) {
            if (parsesAsCamel(file, templates, problems)) {
                read(file, seen, problems);
            }
        }
        seen.ids.forEach((kindAndId, places) -> {
            if (places.size() > 1) {
                for (Place place : places) {
                    problems.add(new Problem(
                            place.file,
                            place.line,
                            kindAndId.replaceFirst(" ", " id \"") + "\" is also used at "
                                    + places.stream()
                                            .filter(p -> p != place)
                                            .map(Place::toString)
                                            .toList()));
                }
            }
        });
        for (Reference reference : seen.configurationReferences) {
            if (!seen.ids.containsKey("routeConfiguration " + reference.name)) {
                problems.add(new Problem(
                        reference.file,
                        reference.line,
                        "routeConfigurationId \"" + reference.name
                                + "\": no routeConfiguration with that id in the folder"));
            }
        }
        for (Reference reference : seen.placeholders) {
            if (!seen.templateParameters.contains(reference.name) && !resolves(reference.name)) {
                problems.add(new Problem(
                        reference.file,
                        reference.line,
                        "placeholder {{" + reference.name + "}} does not resolve (no such setting)"));
            }
        }
        for (Reference reference : seen.beans) {
            if (!beanExists.test(reference.name)
                    && !seen.declaredBeans.contains(reference.name)
                    && !isTemplateParameter(reference.name, seen.templateParameters)) {
                problems.add(
                        new Problem(reference.file, reference.line, "bean \"" + reference.name + "\" does not exist"));
            }
        }
        // Never started, so nothing to stop: it only resolves component names.
        CamelContext camel = new DefaultCamelContext();
        for (Reference reference : seen.endpoints) {
            String uri = resolvePlaceholders(reference.name, seen.templateParameters);
            if (uri.isBlank() || uri.contains("{{")) {
                continue; // a setting left empty (that step is off), or a template parameter
            }
            Matcher scheme = SCHEME.matcher(uri);
            if (!scheme.find()) {
                problems.add(new Problem(reference.file, reference.line, "endpoint \"" + uri + "\" has no scheme"));
            } else if (!componentExists(camel, scheme.group(1))) {
                problems.add(new Problem(
                        reference.file,
                        reference.line,
                        "endpoint \"" + uri + "\": no component \"" + scheme.group(1) + "\" in this build"));
            }
        }
        problems.sort(Comparator.comparing((Problem p) -> p.file.toString()).thenComparingInt(Problem::line));
        return problems;
    }

    private static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file with a {@code routeTemplate}: the files that make routes from it need it loaded first. */
    private static boolean declaresTemplates(Path file) {
        try {
            return Files.readString(file).contains("routeTemplate:");
        } catch (IOException e) {
            return false; // reported when the file itself is parsed
        }
    }

    /** A bean named by a template parameter ({@code {{bodyBean}}}): checked where the template is used. */
    private static boolean isTemplateParameter(String name, Set<String> templateParameters) {
        Matcher placeholder = PLACEHOLDER.matcher(name);
        return placeholder.matches() && templateParameters.contains(placeholder.group(1));
    }

    /**
     * Loads the file into a Camel context that never starts (Camel's own parser and model), after
     * the folder's route templates, so a {@code templatedRoute} finds the template it names; a
     * template file's own problems are reported when it is the file being parsed.
     */
    private static boolean parsesAsCamel(Path file, List<Path> templates, List<Problem> problems) {
        CamelContext camel = new DefaultCamelContext(); // never started: it only parses
        try {
            for (Path template : templates) {
                if (!template.equals(file)) {
                    try {
                        PluginHelper.getRoutesLoader(camel)
                                .loadRoutes(ResourceHelper.resolveMandatoryResource(
                                        camel, "file:" + template.toAbsolutePath()));
                    } catch (Exception e) {
                        // its own parse reports it
                    }
                }
            }
            Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
            PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            return true;
        } catch (Exception e) {
            problems.add(new Problem(file, lineOf(e), "does not parse: " + firstLine(e)));
            return false;
        }
    }

    private static int lineOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
                if (mark.isPresent()) {
                    return mark.get().getLine() + 1;
                }
            }
            Matcher line = Pattern.compile("line (\\d+)").matcher(String.valueOf(t.getMessage()));
            if (line.find()) {
                return Integer.parseInt(line.group(1));
            }
        }
        return 1;
    }

    /** The most specific message in the chain, on one line. */
    private static String firstLine(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause().getMessage() != null) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() == null ? deepest.getClass().getSimpleName() : deepest.getMessage();
        return message.strip().lines().findFirst().orElse(message);
    }

    /** Walks the file's YAML nodes (SnakeYAML keeps each one's line) and records what it names. */
    private static void read(Path file, Folder folder, List<Problem> problems) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(file, lineOf(e), "does not parse: " + firstLine(e)));
            return;
        }
        if (root instanceof SequenceNode top) {
            for (Node element : top.getValue()) {
                if (element instanceof MappingNode mapping) {
                    for (NodeTuple tuple : mapping.getValue()) {
                        topLevel(file, scalar(tuple.getKeyNode()), tuple.getValueNode(), folder);
                    }
                }
            }
        }
        walk(file, null, root, folder);
    }

    private static void topLevel(Path file, String kind, Node value, Folder folder) {
        if (IDENTIFIED.contains(kind) && value instanceof MappingNode body) {
            // A templated route becomes a route with its routeId: the same namespace as routes.
            boolean templated = "templatedRoute".equals(kind);
            if (child(body, templated ? "routeId" : "id") instanceof ScalarNode id) {
                folder.ids
                        .computeIfAbsent((templated ? "route" : kind) + " " + id.getValue(), k -> new ArrayList<>())
                        .add(new Place(file, line(id)));
            }
        }
        if ("routeTemplate".equals(kind)
                && value instanceof MappingNode body
                && child(body, "parameters") instanceof SequenceNode parameters) {
            for (Node parameter : parameters.getValue()) {
                if (parameter instanceof MappingNode p && child(p, "name") instanceof ScalarNode name) {
                    folder.templateParameters.add(name.getValue());
                }
            }
        }
        if ("beans".equals(kind) && value instanceof SequenceNode beans) {
            for (Node bean : beans.getValue()) {
                if (bean instanceof MappingNode b && child(b, "name") instanceof ScalarNode name) {
                    folder.declaredBeans.add(name.getValue());
                }
            }
        }
    }

    private static void walk(Path file, String key, Node node, Folder folder) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                walk(file, scalar(tuple.getKeyNode()), tuple.getValueNode(), folder);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node element : sequence.getValue()) {
                walk(file, key, element, folder);
            }
        } else if (node instanceof ScalarNode scalar) {
            String value = scalar.getValue();
            int line = line(scalar);
            Matcher placeholder = PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                folder.placeholders.add(
                        new Reference(file, line, placeholder.group(1).strip()));
            }
            Matcher function = PROPERTIES_FUNCTION.matcher(value);
            while (function.find()) {
                folder.placeholders.add(
                        new Reference(file, line, function.group(1).strip()));
            }
            Matcher bean = SIMPLE_BEAN.matcher(value);
            while (bean.find()) {
                folder.beans.add(new Reference(file, line, bean.group(1)));
            }
            if ("ref".equals(key)) {
                folder.beans.add(new Reference(file, line, value.strip()));
            } else if ("routeConfigurationId".equals(key)) {
                for (String id : value.split(",")) {
                    folder.configurationReferences.add(new Reference(file, line, id.strip()));
                }
            } else if (ENDPOINT_KEYS.contains(key)) {
                folder.endpoints.add(new Reference(file, line, value.strip()));
                if (value.startsWith("bean:")) {
                    folder.beans.add(
                            new Reference(file, line, value.substring(5).split("[?]")[0]));
                }
            }
        }
    }

    private boolean resolves(String placeholder) {
        if (placeholder.startsWith("?")) {
            return true; // optional: {{?name}}
        }
        int colon = placeholder.indexOf(':');
        if (colon >= 0) {
            String prefix = placeholder.substring(0, colon);
            if (prefix.equals("env") || prefix.equals("sys")) {
                String rest = placeholder.substring(colon + 1);
                return rest.contains(":")
                        || (prefix.equals("env") ? System.getenv(rest) : System.getProperty(rest)) != null;
            }
            return true; // {{name:default}}
        }
        try {
            return property.apply(placeholder).isPresent();
        } catch (IllegalArgumentException e) { // a setting whose own ${...} does not resolve
            return false;
        }
    }

    private String resolvePlaceholders(String uri, Set<String> templateParameters) {
        Matcher function = PROPERTIES_FUNCTION.matcher(uri);
        if (function.find()) {
            uri = function.replaceAll(
                    m -> Matcher.quoteReplacement(lookup(m.group(1).strip())));
        }
        Matcher matcher = PLACEHOLDER.matcher(uri);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).strip();
            String value = templateParameters.contains(name) ? matcher.group() : lookup(name);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    private String lookup(String name) {
        int colon = name.indexOf(':');
        String key = colon >= 0 ? name.substring(0, colon) : name.replaceFirst("^\\?", "");
        try {
            return property.apply(key).orElse(colon >= 0 ? name.substring(colon + 1) : "");
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean componentExists(CamelContext camel, String scheme) {
        try {
            return camel.getComponent(scheme, true, false) != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Node child(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (key.equals(scalar(tuple.getKeyNode()))) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private record Place(Path file, int line) {
        @Override
        public String toString() {
            return file + ":" + line;
        }
    }

    private record Reference(Path file, int line, String name) {}

    /** What the folder's files name, gathered before anything is checked across files. */
    private static final class Folder {
        final Map<String, List<Place>> ids = new LinkedHashMap<>();
        final List<Reference> configurationReferences = new ArrayList<>();
        final List<Reference> placeholders = new ArrayList<>();
        final List<Reference> beans = new ArrayList<>();
        final List<Reference> endpoints = new ArrayList<>();
        final Set<String> templateParameters = new HashSet<>();
        final Set<String> declaredBeans = new HashSet<>();
    }
}
