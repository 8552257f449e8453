package com.ivrvideobridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;

/**
 * Every Kafka producer of config/application.yml is bounded: HTTP routes run on Tomcat's request
 * threads, so Kafka's defaults (60 s to block on metadata, 120 s to deliver) during a broker outage
 * would hold them all. The webhook and telemetry answer 503 within 8 s instead.
 */
class KafkaBusBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"handoffs", "dead-letters", "telemetry"})
    void everyBusGivesUpWithinEightSeconds(String bus) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        // Not the environment's system properties: they are the JVM's, and every later test would see them.
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("brokers", Map.of("bridge.kafka.brokers", "broker:9092")));
        new YamlPropertySourceLoader()
                .load("application", new FileSystemResource("config/application.yml"))
                .forEach(environment.getPropertySources()::addLast);

        Map<String, Long> options = numericOptions(environment.getRequiredProperty("bridge.bus." + bus));

        assertThat(options).containsKeys("maxBlockMs", "requestTimeoutMs", "deliveryTimeoutMs");
        assertThat(options.get("maxBlockMs")).isLessThanOrEqualTo(5000);
        assertThat(options.get("deliveryTimeoutMs")).isLessThanOrEqualTo(8000);
        // Kafka refuses a delivery timeout shorter than linger + request timeout.
        assertThat(options.get("requestTimeoutMs") + options.getOrDefault("lingerMs", 0L))
                .isLessThanOrEqualTo(options.get("deliveryTimeoutMs"));
    }

    private static Map<String, Long> numericOptions(String uri) {
        Map<String, Long> options = new LinkedHashMap<>();
        for (String option : uri.substring(uri.indexOf('?') + 1).split("&")) {
            String[] pair = option.split("=", 2);
            if (pair.length == 2 && pair[1].matches("\\d+")) {
                options.put(pair[0], Long.parseLong(pair[1]));
            }
        }
        return options;
    }
}
