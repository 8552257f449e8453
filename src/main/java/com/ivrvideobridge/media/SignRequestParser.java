package com.ivrvideobridge.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.web.ApiException;
import java.io.IOException;
import java.io.Reader;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Turns the body of {@code POST /api/v1/media/sign-video-url} into a {@link SignRequest}, or
 * refuses it with an {@link ApiException} that names the field at fault.
 */
@Component("signRequestParser")
public class SignRequestParser {

    private final ObjectMapper json;
    private final MediaProperties media;
    private final Set<String> allowedBuckets;

    public SignRequestParser(ObjectMapper json, MediaProperties media) {
        this.json = json;
        this.media = media;
        this.allowedBuckets = Set.copyOf(media.getAllowedBuckets());
    }

    /**
     * Reads the body as the platform's HTTP binding gives it, a {@link Reader} (decoded by the
     * servlet container with the request's charset): bound as an {@code InputStream} or a String,
     * Camel would first copy it into a String (and back into bytes), per request (docs/benchmarks.md).
     */
    public SignRequest parse(Reader body) throws IOException {
        JsonNode root = body == null ? null : json.readTree(body);
        if (root == null || root.isMissingNode()) {
            throw ApiException.badRequest(
                    null, "Request body is required: a JSON object with asset_id and session_token");
        }
        if (!root.isObject()) {
            throw ApiException.badRequest(null, "Request body must be a JSON object");
        }
        String assetId = requiredText(root, "asset_id");
        AssetIds.validate(assetId, media.getAssetIdMaxLength());
        String sessionToken = requiredText(root, "session_token");
        validateSessionToken(sessionToken);
        int expiry = expirySeconds(root.get("expiration_seconds"));
        String bucket = optionalText(root, "bucket_name", media.getDefaultBucket());
        if (!allowedBuckets.contains(bucket)) {
            throw new ApiException(
                    403,
                    "bucket_not_allowed",
                    "bucket_name",
                    "Bucket '" + bucket + "' is not on the allow-list (bridge.media.allowed-buckets)");
        }
        return new SignRequest(bucket, assetId, expiry, sessionToken);
    }

    private int expirySeconds(JsonNode node) {
        MediaProperties.Expiry range = media.getExpiry();
        if (node == null || node.isNull()) {
            return range.getDefault();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiException.badRequest("expiration_seconds", "expiration_seconds must be a whole number of seconds");
        }
        int seconds = node.intValue();
        if (seconds < range.getMin() || seconds > range.getMax()) {
            throw new ApiException(
                    400,
                    "expiry_out_of_range",
                    "expiration_seconds",
                    "expiration_seconds must be between " + range.getMin() + " and " + range.getMax() + " seconds");
        }
        return seconds;
    }

    private void validateSessionToken(String token) {
        if (token.length() > media.getSessionTokenMaxLength() || AssetIds.hasControlCharacter(token)) {
            throw ApiException.badRequest(
                    "session_token",
                    "session_token must be at most " + media.getSessionTokenMaxLength() + " printable characters");
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest(field, field + " must be a non-empty string");
        }
        return node.asText();
    }

    private static String optionalText(JsonNode root, String field, String fallback) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ApiException.badRequest(field, field + " must be a non-empty string");
        }
        return node.asText();
    }
}
