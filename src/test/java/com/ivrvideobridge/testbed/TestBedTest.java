package com.ivrvideobridge.testbed;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The test bed itself: each real server answers, and the service is wired to them. */
class TestBedTest extends BridgeIntegrationTest {

    @Autowired
    private StringRedisTemplate redis;

    @Test
    void serviceTalksToTheTestBedRedis() {
        redis.opsForValue().set("testbed:probe", "ok");
        assertThat(redis.getConnectionFactory()
                        .getConnection()
                        .serverCommands()
                        .info("server")
                        .getProperty("tcp_port"))
                .isEqualTo(String.valueOf(TestServers.redisPort()));
    }

    @Test
    void kafkaBrokerRoundTripsARecord() throws Exception {
        String topic = "testbed-probe";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        TestServers.kafkaBrokers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBrokers(),
                        ConsumerConfig.GROUP_ID_CONFIG, "testbed",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 20 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(500));
            }
            assertThat(records.iterator().next().value()).isEqualTo("hello");
        }
    }

    @Test
    void wireMockStandsInForGenesysAndTheSmsGateway() throws Exception {
        for (var server : List.of(TestServers.genesysLogin(), TestServers.genesysApi(), TestServers.smsGateway())) {
            server.stubFor(get("/probe").willReturn(aResponse().withStatus(204)));
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + "/probe"))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(204);
            server.resetAll();
        }
        assertThat(TestServers.genesysLogin().port())
                .isNotEqualTo(TestServers.genesysApi().port());
    }

    @Test
    void s3ProxyRefusesUnsignedRequests() throws Exception {
        HttpResponse<Void> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(TestServers.s3Endpoint() + "/" + TestServers.MEDIA_BUCKET + "/"
                                + TestServers.SAMPLE_ASSET))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(403);
    }
}
