package com.ivrvideobridge.ops;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/** Health component {@code kafka}: the brokers answer a cluster description within 3 s (absent without Kafka, in local). */
@Component("kafkaHealthIndicator")
@ConditionalOnExpression("'${bridge.kafka.brokers:}' != ''")
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Admin admin;

    public KafkaHealthIndicator(@Value("${bridge.kafka.brokers}") String brokers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000));
    }

    @Override
    public Health health() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                    .nodes()
                    .get(3, TimeUnit.SECONDS)
                    .size();
            return Health.up().withDetail("brokers", brokers).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail(
                            "reason", "Kafka did not answer: " + e.getClass().getSimpleName())
                    .build();
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
