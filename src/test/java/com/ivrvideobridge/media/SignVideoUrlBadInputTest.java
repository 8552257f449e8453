package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of the sign endpoint: exact status, a JSON body naming the problem, never a 5xx. */
class SignVideoUrlBadInputTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/v1/media/sign-video-url";
    private static final String ASSET = TestServers.SAMPLE_ASSET;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of(
                        "expiry below the range",
                        body(ASSET, "tutorials", "0"),
                        400,
                        "expiry_out_of_range",
                        "expiration_seconds"),
                Arguments.of(
                        "expiry above the range",
                        body(ASSET, "tutorials", "901"),
                        400,
                        "expiry_out_of_range",
                        "expiration_seconds"),
                Arguments.of(
                        "expiry not a number",
                        body(ASSET, "tutorials", "\"soon\""),
                        400,
                        "invalid_request",
                        "expiration_seconds"),
                Arguments.of(
                        "expiry fractional",
                        body(ASSET, "tutorials", "60.5"),
                        400,
                        "invalid_request",
                        "expiration_seconds"),
                Arguments.of(
                        "bucket not on the allow-list",
                        body(ASSET, "someone-elses-bucket", "300"),
                        403,
                        "bucket_not_allowed",
                        "bucket_name"),
                Arguments.of(
                        "public bucket not on the allow-list",
                        body(ASSET, TestServers.PUBLIC_BUCKET, "300"),
                        403,
                        "bucket_not_allowed",
                        "bucket_name"),
                Arguments.of(
                        "unknown asset",
                        body("welcome/missing.mp4", "tutorials", "300"),
                        404,
                        "asset_not_found",
                        "asset_id"),
                Arguments.of(
                        "parent traversal",
                        body("../secrets/keys.txt", "tutorials", "300"),
                        400,
                        "invalid_asset_id",
                        "asset_id"),
                Arguments.of(
                        "traversal mid-path",
                        body("welcome/../../etc/passwd", "tutorials", "300"),
                        400,
                        "invalid_asset_id",
                        "asset_id"),
                Arguments.of(
                        "absolute path", body("/etc/passwd", "tutorials", "300"), 400, "invalid_asset_id", "asset_id"),
                Arguments.of(
                        "backslash path",
                        body("welcome\\\\..\\\\x", "tutorials", "300"),
                        400,
                        "invalid_asset_id",
                        "asset_id"),
                Arguments.of(
                        "control character",
                        body("welcome/a\\u0000b.mp4", "tutorials", "300"),
                        400,
                        "invalid_asset_id",
                        "asset_id"),
                Arguments.of(
                        "newline", body("welcome/a\\nb.mp4", "tutorials", "300"), 400, "invalid_asset_id", "asset_id"),
                Arguments.of(
                        "overlong asset id",
                        body("a".repeat(513), "tutorials", "300"),
                        400,
                        "invalid_asset_id",
                        "asset_id"),
                Arguments.of("missing asset id", "{\"session_token\": \"s\"}", 400, "invalid_request", "asset_id"),
                Arguments.of(
                        "asset id as object",
                        "{\"asset_id\": {\"key\": \"x\"}, \"session_token\": \"s\"}",
                        400,
                        "invalid_request",
                        "asset_id"),
                Arguments.of(
                        "missing session token",
                        "{\"asset_id\": \"" + ASSET + "\"}",
                        400,
                        "invalid_request",
                        "session_token"),
                Arguments.of(
                        "overlong session token",
                        "{\"asset_id\": \"" + ASSET + "\", \"session_token\": \"" + "t".repeat(257) + "\"}",
                        400,
                        "invalid_request",
                        "session_token"),
                Arguments.of("malformed JSON", "{\"asset_id\": ", 400, "malformed_json", null),
                Arguments.of("JSON array", "[\"" + ASSET + "\"]", 400, "invalid_request", null),
                Arguments.of("empty body", "", 400, "invalid_request", null));
    }

    private static String body(String assetId, String bucket, String expiry) {
        return """
                {"asset_id": "%s", "bucket_name": "%s", "expiration_seconds": %s, "session_token": "bad-input"}""".formatted(assetId, bucket, expiry);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusedWithAJsonErrorNamingTheProblem(String scenario, String body, int status, String error, String field)
            throws Exception {
        HttpResponse<String> response = postJson(PATH, body, API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("error").asText()).isEqualTo(error);
        assertThat(json.path("message").asText()).isNotBlank();
        if (field != null) {
            assertThat(json.path("field").asText()).isEqualTo(field);
        }
    }

    @Test
    void expiryOutOfRangeNamesTheAllowedRange() throws Exception {
        HttpResponse<String> response = postJson(PATH, body(ASSET, "tutorials", "3600"), API_KEY);
        assertThat(JSON.readTree(response.body()).path("message").asText()).contains("between 1 and 900 seconds");
    }

    @Test
    void missingApiKeyIs401() throws Exception {
        HttpResponse<String> response = postJson(PATH, body(ASSET, "tutorials", "300"), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void wrongApiKeyIs401() throws Exception {
        HttpResponse<String> response = postJson(PATH, body(ASSET, "tutorials", "300"), "test-key-3");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("unauthorized");
    }

    @Test
    void basicCredentialsAreNotAnApiKey() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url(PATH))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Basic dGVzdC1rZXktMTo=")
                        .POST(HttpRequest.BodyPublishers.ofString(body(ASSET, "tutorials", "300")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void everyConfiguredKeyIsAcceptedSoKeysCanBeRotated() throws Exception {
        assertThat(postJson(PATH, body(ASSET, "tutorials", "300"), API_KEY).statusCode())
                .isEqualTo(200);
        assertThat(postJson(PATH, body(ASSET, "tutorials", "300"), ROTATED_API_KEY)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        String huge = "{\"asset_id\": \"" + ASSET + "\", \"session_token\": \"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> response = postJson(PATH, huge, API_KEY);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("body_too_large");
    }

    @Test
    void oversizedChunkedBodyWithoutLengthIs413() throws Exception {
        byte[] huge = ("{\"asset_id\": \"" + ASSET + "\", \"pad\": \"" + "x".repeat(40_000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(url(PATH))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                // A publisher of unknown length makes the client stream the body chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void nonJsonContentTypeIs415() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url(PATH))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Bearer " + API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("asset_id=x&session_token=y"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(url(PATH))
                        .header("Authorization", "Bearer " + API_KEY)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
    }
}
