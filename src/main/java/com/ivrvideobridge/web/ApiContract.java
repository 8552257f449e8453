package com.ivrvideobridge.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/openapi.yaml}: the OpenAPI contract of every HTTP endpoint. Its one source is
 * docs/openapi.yaml, packaged into the jar as {@code api/openapi.yaml} (pom.xml). Under /api/, so
 * ApiKeyFilter asks for the API key like everything but the webhook, the receipts and health.
 */
@RestController
public class ApiContract {

    static final String LOCATION = "api/openapi.yaml";
    static final String MEDIA_TYPE = "application/yaml";

    private final byte[] document;

    public ApiContract() {
        try {
            document = new ClassPathResource(LOCATION).getContentAsByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("The API contract " + LOCATION + " is missing from the classpath", e);
        }
    }

    @GetMapping(value = "/api/v1/openapi.yaml", produces = MEDIA_TYPE)
    public ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(document);
    }
}
