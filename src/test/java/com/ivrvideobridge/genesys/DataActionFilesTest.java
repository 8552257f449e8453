package com.ivrvideobridge.genesys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ivrvideobridge.handoff.HandoffStatus;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.testbed.ApiContractCheck;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.Yaml;

/**
 * The data action files in docs/genesys/ (Genesys' export format, to import into a Web Services
 * Data Actions integration) agree with what the live endpoints accept and return: a request built
 * from the input contract alone is accepted, and every answer carries exactly the output
 * contract's fields with its types; and both agree with the API contract (docs/openapi.yaml).
 */
class DataActionFilesTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Genesys help: input property names must not use these reserved terms. */
    private static final Set<String> RESERVED = Set.of("orgId", "integrationId", "rawRequest");

    @Autowired
    private HandoffStore store;

    @Test
    void bothFilesAreImportableActionsWithATimeoutAndFlatContracts() throws Exception {
        for (String file : List.of("handoff-data-action.json", "decision-data-action.json")) {
            JsonNode action = load(file);
            assertThat(action.path("integrationType").asText()).as(file).isEqualTo("custom-rest-actions");
            assertThat(action.path("actionType").asText()).as(file).isEqualTo("custom");
            assertThat(action.path("config").path("timeoutSeconds").asInt())
                    .as(file)
                    .isBetween(1, 60);
            for (JsonNode schema : List.of(inputSchema(action), outputSchema(action))) {
                assertThat(schema.path("additionalProperties").asBoolean())
                        .as(file)
                        .isTrue();
                schema.path("properties")
                        .forEach(property -> assertThat(property.path("type").asText())
                                .as(file)
                                .isIn("string", "integer", "number", "boolean"));
            }
            inputSchema(action)
                    .path("properties")
                    .fieldNames()
                    .forEachRemaining(name -> assertThat(RESERVED).as(file).doesNotContain(name));
        }
    }

    @Test
    void theOfferFromItsInputContractIsAcceptedAndAnsweredInItsOutputContract() throws Exception {
        GenesysStubs.allSucceed();
        JsonNode action = load("handoff-data-action.json");
        JsonNode properties = inputSchema(action).path("properties");
        // What Architect fills: Call.ConversationId, Call.Ani (a tel: URI), the asset, Call.Language.
        ObjectNode request = JSON.createObjectNode()
                .put("conversationId", UUID.randomUUID().toString())
                .put("phoneNumber", "tel:+14155550100")
                .put("assetId", TestServers.SAMPLE_ASSET)
                .put("locale", "en-us");
        request.fieldNames()
                .forEachRemaining(
                        name -> assertThat(properties.has(name)).as(name).isTrue());
        assertThat(names(inputSchema(action).path("required"))).containsExactlyInAnyOrder("conversationId", "assetId");

        HttpResponse<String> answer = callWebhook(request.toString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertMatchesOutputContract(action, JSON.readTree(answer.body()));
        assertThat(JSON.readTree(answer.body()).path("channel").asText()).isEqualTo("sms");
    }

    @Test
    void theDecisionAnswersInItsOutputContractWhenWaitingAndWhenAnAgentIsNeeded() throws Exception {
        GenesysStubs.allSucceed();
        JsonNode action = load("decision-data-action.json");
        assertThat(names(inputSchema(action).path("required"))).containsExactly("handoffId");
        String handoffId = JSON.readTree(callWebhook("""
                {"conversationId": "%s", "phoneNumber": "+14155550100", "assetId": "%s"}""".formatted(UUID.randomUUID(), TestServers.SAMPLE_ASSET))
                        .body())
                .path("handoffId")
                .asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.find(handoffId).orElseThrow().status() == HandoffStatus.SENT);

        JsonNode waiting = decision(action, handoffId);
        assertMatchesOutputContract(action, waiting);
        assertThat(waiting.path("action").asText()).isEqualTo("wait");

        assertThat(store.escalateOnce(
                        handoffId,
                        List.of(HandoffStatus.SENT),
                        "Video tutorial offered but not viewed",
                        Map.of(
                                "escalationReason",
                                "not_viewed",
                                "escalationNote",
                                "Video tutorial offered but not viewed",
                                "agentQueue",
                                "queue-default"),
                        "bridge:agent-routing-test",
                        handoffId,
                        0))
                .isTrue();
        JsonNode agent = decision(action, handoffId);
        assertMatchesOutputContract(action, agent);
        assertThat(agent.path("action").asText()).isEqualTo("agent");
    }

    /**
     * Each file calls an operation of docs/openapi.yaml (method and path), its inputs are that
     * operation's request fields (or its path parameter) with the same types, enums and required
     * ones, and its output contract maps every field the operation's answer always has, typed alike.
     */
    @Test
    void bothFilesAgreeWithTheOpenApiContract() throws Exception {
        JsonNode api = JSON.valueToTree(new Yaml().load(Files.readString(ApiContractCheck.DOCUMENT)));
        for (String file : List.of("handoff-data-action.json", "decision-data-action.json")) {
            JsonNode action = load(file);
            JsonNode request = action.path("config").path("request");
            String path = request.path("requestUrlTemplate")
                    .asText()
                    .replace("https://video-bridge.example.com", "")
                    .replace("${input.handoffId}", "{id}");
            JsonNode operation = api.path("paths")
                    .path(path)
                    .path(request.path("requestType").asText().toLowerCase());
            assertThat(operation.isObject())
                    .as(file + ": " + request + " is an operation of the API")
                    .isTrue();

            JsonNode inputs = inputSchema(action);
            JsonNode body = operation
                    .path("requestBody")
                    .path("content")
                    .path("application/json")
                    .path("schema");
            if (body.isMissingNode()) {
                // The decision: its one input goes into the path, as the operation's path parameter.
                assertThat(path).as(file).contains("{id}");
                assertThat(names(inputs.path("required"))).containsExactly("handoffId");
            } else {
                JsonNode schema = resolve(api, body);
                assertThat(names(inputs.path("required")))
                        .as(file)
                        .containsExactlyInAnyOrderElementsOf(names(schema.path("required")));
                inputs.path("properties")
                        .fields()
                        .forEachRemaining(input -> assertSameType(
                                api,
                                file + " input " + input.getKey(),
                                input.getValue(),
                                schema.path("properties").path(input.getKey())));
            }

            JsonNode answer = resolve(
                    api,
                    operation
                            .path("responses")
                            .path("200")
                            .path("content")
                            .path("application/json")
                            .path("schema"));
            JsonNode outputs = outputSchema(action).path("properties");
            outputs.fields()
                    .forEachRemaining(output -> assertSameType(
                            api,
                            file + " output " + output.getKey(),
                            output.getValue(),
                            answer.path("properties").path(output.getKey())));
            assertThat(names(outputs))
                    .as(file + ": every field the answer always has is mapped")
                    .containsAll(names(answer.path("required")));
        }
    }

    private static void assertSameType(JsonNode api, String what, JsonNode contract, JsonNode openApi) {
        assertThat(openApi.isMissingNode())
                .as(what + " is in docs/openapi.yaml")
                .isFalse();
        JsonNode schema = resolve(api, openApi);
        assertThat(contract.path("type").asText())
                .as(what)
                .isEqualTo(schema.path("type").asText());
        if (contract.has("enum")) {
            assertThat(names(contract.path("enum")))
                    .as(what)
                    .containsExactlyInAnyOrderElementsOf(names(schema.path("enum")));
        }
    }

    /** The schema itself, or the component a {@code $ref} names. */
    private static JsonNode resolve(JsonNode api, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : api.at(ref.substring(1));
    }

    private JsonNode decision(JsonNode action, String handoffId) throws Exception {
        String template =
                action.path("config").path("request").path("requestUrlTemplate").asText();
        String path = template.replace("https://video-bridge.example.com", "").replace("${input.handoffId}", handoffId);
        assertThat(action.path("config").path("request").path("requestType").asText())
                .isEqualTo("GET");
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url(path))
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString("architect:webhook-secret".getBytes()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Every field of the output contract present with its type (and enum), and nothing nested. */
    private static void assertMatchesOutputContract(JsonNode action, JsonNode answer) {
        JsonNode properties = outputSchema(action).path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode value = answer.path(property.getKey());
            assertThat(value.isMissingNode())
                    .as(property.getKey() + " in " + answer)
                    .isFalse();
            switch (property.getValue().path("type").asText()) {
                case "integer" ->
                    assertThat(value.isIntegralNumber()).as(property.getKey()).isTrue();
                case "boolean" ->
                    assertThat(value.isBoolean()).as(property.getKey()).isTrue();
                default -> assertThat(value.isTextual()).as(property.getKey()).isTrue();
            }
            if (property.getValue().has("enum")) {
                assertThat(names(property.getValue().path("enum")))
                        .as(property.getKey())
                        .contains(value.asText());
            }
        }
        answer.fields().forEachRemaining(field -> {
            assertThat(field.getValue().isContainerNode()).as(field.getKey()).isFalse();
            assertThat(properties.has(field.getKey()))
                    .as(field.getKey() + " is in the output contract")
                    .isTrue();
        });
    }

    private static JsonNode load(String file) throws Exception {
        return JSON.readTree(Files.readString(Path.of("docs/genesys", file)));
    }

    private static JsonNode inputSchema(JsonNode action) {
        return action.path("contract").path("input").path("inputSchema");
    }

    private static JsonNode outputSchema(JsonNode action) {
        return action.path("contract").path("output").path("successSchema");
    }

    /** The texts of an array, or the field names of an object. */
    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        } else {
            node.forEach(element -> names.add(element.asText()));
        }
        return names;
    }
}
