package com.ivrvideobridge.telemetry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.ivrvideobridge.testbed.PageEvents.batch;
import static com.ivrvideobridge.testbed.PageEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.ArchitectCalls;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.ServiceInstance;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Two instances in one consumer group split the telemetry topic, and each event is forwarded once. */
@Tag("integration")
class TelemetryForwardGroupTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SINK = "/sink/group-test";

    @Test
    void twoConsumersInOneGroupSplitTheWorkWithoutDoubleProcessing() throws Exception {
        GenesysStubs.allSucceed();
        TestServers.genesysApi()
                .stubFor(post(urlEqualTo(SINK)).willReturn(aResponse().withStatus(202)));
        String bus = "group-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(ServiceInstance.bus(bus));
        settings.put("bridge.telemetry.sink.url", TestServers.genesysApi().baseUrl() + SINK);
        try (ServiceInstance first = ServiceInstance.start(settings);
                ServiceInstance second = ServiceInstance.start(settings)) {
            List<String> ids = new ArrayList<>();
            for (int caller = 0; caller < 20; caller++) {
                ServiceInstance via = caller % 2 == 0 ? first : second;
                ServiceInstance.OpenedLink link = via.offerAndOpen(
                        ArchitectCalls.smsCall(UUID.randomUUID().toString(), "mobile_web"));
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String id = UUID.randomUUID().toString();
                    ids.add(id);
                    events.add(event(id, "PAUSED", "[[0, 1.0]]"));
                }
                HttpResponse<String> sent = HTTP.send(
                        HttpRequest.newBuilder(via.url("/w/" + link.token() + "/events"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        batch(link.sessionId(), link.sessionKey(), events.toArray(String[]::new))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> forwarded(ids).size() == ids.size());
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> forwarded(ids).size() == ids.size());
            assertThat(forwarded(ids).values()).allMatch(times -> times == 1);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestServers.kafkaBrokers()))) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(bus + "-telemetry"))
                        .describedGroups()
                        .get(bus + "-telemetry")
                        .get();
                assertThat(group.members()).hasSize(2);
                assertThat(group.members())
                        .allMatch(member -> !partitions(member).isEmpty());
            }
        }
    }

    /** Event id -> how many times the sink got it. */
    private static Map<String, Long> forwarded(List<String> ids) {
        return TestServers.genesysApi().findAll(postRequestedFor(urlEqualTo(SINK))).stream()
                .map(request -> {
                    try {
                        return JSON.readTree(request.getBodyAsString())
                                .path("eventId")
                                .asText();
                    } catch (Exception e) {
                        return "";
                    }
                })
                .filter(ids::contains)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static List<Integer> partitions(MemberDescription member) {
        return member.assignment().topicPartitions().stream()
                .map(p -> p.partition())
                .toList();
    }
}
