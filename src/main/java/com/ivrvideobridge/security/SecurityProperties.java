package com.ivrvideobridge.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bridge.security.*}: credentials that inbound callers must present. */
@ConfigurationProperties("bridge.security")
public class SecurityProperties {

    /** API keys accepted as {@code Authorization: Bearer <key>}; several so keys can be rotated. */
    private List<String> apiKeys = new ArrayList<>();

    /** Largest request body accepted on /api/**, in bytes; larger bodies get 413. */
    private int maxBodyBytes = 16 * 1024;

    public List<String> getApiKeys() {
        return apiKeys;
    }

    public void setApiKeys(List<String> apiKeys) {
        this.apiKeys = apiKeys;
    }

    public int getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }
}
