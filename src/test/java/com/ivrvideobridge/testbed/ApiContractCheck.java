package com.ivrvideobridge.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks live HTTP exchanges against the API contract, docs/openapi.yaml, with Atlassian's
 * swagger-request-validator: the request (path, method, parameters, security, body) where the
 * test means it to be valid, and always the answer (status documented, content type, body schema,
 * headers). A report with any error fails the test with the validator's messages.
 */
public final class ApiContractCheck {

    public static final Path DOCUMENT = Path.of("docs/openapi.yaml");

    private final OpenApiInteractionValidator validator;

    public ApiContractCheck(String document) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .build();
    }

    public static ApiContractCheck ofDocument() {
        try {
            return new ApiContractCheck(Files.readString(DOCUMENT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request was meant to be valid: it and the answer must both agree with the contract. */
    public void exchange(HttpRequest request, String requestBody, HttpResponse<String> response) {
        ValidationReport report = validator.validate(request(request, requestBody), response(response));
        assertThat(report.getMessages()).as(describe(request, response)).isEmpty();
    }

    /** A request the service must refuse (it may break the contract on purpose): its answer must agree. */
    public void answer(HttpRequest request, HttpResponse<String> response) {
        URI uri = request.uri();
        ValidationReport report = validator.validateResponse(
                uri.getRawPath(), Request.Method.valueOf(request.method()), response(response));
        assertThat(report.getMessages()).as(describe(request, response)).isEmpty();
    }

    private static String describe(HttpRequest request, HttpResponse<String> response) {
        return request.method() + " " + request.uri().getRawPath() + " answered " + response.statusCode() + " "
                + response.body();
    }

    private static Request request(HttpRequest request, String body) {
        URI uri = request.uri();
        SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), uri.getRawPath());
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                builder.withQueryParam(
                        decode(equals < 0 ? pair : pair.substring(0, equals)),
                        equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        request.headers().map().forEach(builder::withHeader);
        if (body != null) {
            builder.withBody(body);
        }
        return builder.build();
    }

    private static SimpleResponse response(HttpResponse<String> response) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(response.statusCode());
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            if (!header.getKey().startsWith(":")) {
                builder.withHeader(header.getKey(), header.getValue());
            }
        }
        if (!response.body().isEmpty()) {
            builder.withBody(response.body());
        }
        return builder.build();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
