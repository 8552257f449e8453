package com.ivrvideobridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The browser libraries served from the jar (static/vendor/manifest.json, written by
 * scripts/vendor-frontend.sh from the exact versions in frontend/package.json): each one's
 * versioned path (cached for a year, {@link StaticAssets}) and its Subresource Integrity hash.
 */
@Component
public class VendorLibraries {

    static final String MANIFEST = "static/vendor/manifest.json";

    private final JsonNode manifest;

    public VendorLibraries() {
        try (InputStream in = new ClassPathResource(MANIFEST).getInputStream()) {
            this.manifest = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing " + MANIFEST + " (scripts/vendor-frontend.sh writes it)", e);
        }
    }

    /** The library's URL path, e.g. {@code /vendor/hls.js@1.7.4/hls.light.min.js}. */
    public String path(String name) {
        return library(name).path("path").asText();
    }

    /** Its {@code integrity} attribute value ({@code sha384-...}). */
    public String integrity(String name) {
        return library(name).path("integrity").asText();
    }

    private JsonNode library(String name) {
        JsonNode library = manifest.path(name);
        if (library.isMissingNode()) {
            throw new IllegalStateException(name + " is not in " + MANIFEST);
        }
        return library;
    }
}
