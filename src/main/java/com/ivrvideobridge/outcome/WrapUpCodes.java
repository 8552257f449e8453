package com.ivrvideobridge.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Names of Genesys wrap-up codes: analytics gives only the code's id; its name comes from
 * {@code GET /api/v2/routing/wrapupcodes/{codeId}} (WrapupCode: {@code id}, {@code name}), asked
 * once per code and kept in Redis for {@code bridge.outcome.wrap-up-code-cache}, shared by every
 * instance. A code that is not a UUID (a system code) is its own name; one Genesys no longer
 * knows (404) is kept by its id.
 */
@Component
public class WrapUpCodes {

    private static final String PREFIX = "bridge:wrap-up-code:";
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final StringRedisTemplate redis;
    private final OutcomeProperties properties;
    private final ObjectMapper json;

    public WrapUpCodes(StringRedisTemplate redis, OutcomeProperties properties, ObjectMapper json) {
        this.redis = redis;
        this.properties = properties;
        this.json = json;
    }

    /** The code's name if known without asking Genesys (cached, or not a UUID), else null. */
    public String known(String codeId) {
        if (!UUID.matcher(codeId).matches()) {
            return codeId;
        }
        return redis.opsForValue().get(PREFIX + codeId);
    }

    /** Genesys' answer (WrapupCode): its name is kept; the name, or the id when the answer has none. */
    public String learn(String codeId, String body) throws JsonProcessingException {
        String name = json.readTree(body == null ? "" : body).path("name").asText("");
        return remember(codeId, name.isBlank() ? codeId : name);
    }

    /** Genesys no longer has the code (404): it is named by its id from now on. */
    public String unknown(String codeId) {
        return remember(codeId, codeId);
    }

    private String remember(String codeId, String name) {
        redis.opsForValue().set(PREFIX + codeId, name, properties.wrapUpCodeCache());
        return name;
    }
}
