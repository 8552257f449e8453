package com.ivrvideobridge.config;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A webhook-only instance ({@code bridge.worker.enabled=false}) leaves its handoffs and telemetry to
 * the workers, so both must travel on Kafka: on an in-process queue (the {@code local} profile's
 * seda bus) nobody would ever take them, and the page's telemetry would start failing once the
 * queue filled. Such an instance refuses to start, naming the settings.
 */
@Component
public class WorkerSettingsCheck {

    public WorkerSettingsCheck(
            @Value("${bridge.worker.enabled:true}") boolean worker,
            @Value("${bridge.bus.handoffs}") String handoffs,
            @Value("${bridge.bus.telemetry}") String telemetry) {
        check(worker, handoffs, telemetry);
    }

    static void check(boolean worker, String handoffs, String telemetry) {
        if (worker) {
            return;
        }
        List<String> inProcess = new ArrayList<>();
        if (!handoffs.startsWith("kafka:")) {
            inProcess.add("bridge.bus.handoffs");
        }
        if (!telemetry.startsWith("kafka:")) {
            inProcess.add("bridge.bus.telemetry");
        }
        if (!inProcess.isEmpty()) {
            throw new IllegalStateException(
                    "bridge.worker.enabled=false hands the work to other instances over Kafka, but "
                            + String.join(" and ", inProcess)
                            + " is an in-process queue that no worker can read: set bridge.kafka.brokers"
                            + " and a kafka: bus, or keep bridge.worker.enabled=true");
        }
    }
}
