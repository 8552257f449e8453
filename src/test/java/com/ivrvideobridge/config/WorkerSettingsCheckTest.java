package com.ivrvideobridge.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerSettingsCheckTest {

    private static final String KAFKA = "kafka:handoffs?brokers=broker:9092";

    @Test
    void aWebhookOnlyInstanceOnAnInProcessBusRefusesToStartNamingTheSettings() {
        assertThatThrownBy(() -> WorkerSettingsCheck.check(false, "seda:handoffs", "seda:telemetry"))
                .hasMessageContaining("bridge.bus.handoffs and bridge.bus.telemetry");
        assertThatThrownBy(() -> WorkerSettingsCheck.check(false, KAFKA, "seda:telemetry"))
                .hasMessageContaining("bridge.bus.telemetry")
                .hasMessageNotContaining("bridge.bus.handoffs");
    }

    @Test
    void workersRunOnAnyBusAndAWebhookOnlyInstanceOnKafka() {
        assertThatCode(() -> WorkerSettingsCheck.check(true, "seda:handoffs", "seda:telemetry"))
                .doesNotThrowAnyException();
        assertThatCode(() -> WorkerSettingsCheck.check(false, KAFKA, KAFKA)).doesNotThrowAnyException();
    }
}
