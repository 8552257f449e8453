package com.ivrvideobridge.sms;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Delivery receipts from the Twilio-compatible gateway must carry a valid {@code X-Twilio-Signature}
 * over the public URL ({@code bridge.public-base-url} + path + query) and the form parameters:
 * otherwise 403 and nothing changes. Runs after the body is buffered (BodySizeLimitFilter).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class SmsStatusSignatureFilter extends OncePerRequestFilter {

    public static final String PATH = "/api/v1/sms/status";
    private static final Logger log = LoggerFactory.getLogger(SmsStatusSignatureFilter.class);

    private final String authToken;
    private final String publicBaseUrl;
    private final JsonErrorWriter errors;

    public SmsStatusSignatureFilter(SmsProperties sms, @Value("${bridge.public-base-url}") String publicBaseUrl,
                                    JsonErrorWriter errors) {
        this.authToken = sms.twilio().authToken();
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.errors = errors;
    }

    public static boolean isReceipt(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isReceipt(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String url = publicBaseUrl + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, String> form = parseForm(body);
        // The route reads the fields as Camel headers, where an HTTP header of the same name would
        // also land: such a header is not covered by the signature, so it is refused.
        boolean shadowed = form.keySet().stream().anyMatch(name -> request.getHeader(name) != null);
        if (shadowed || !TwilioSignature.verify(authToken, url, form, request.getHeader("X-Twilio-Signature"))) {
            log.warn("Refused an SMS status callback with a missing or wrong X-Twilio-Signature");
            errors.write(response, new ApiException(403, "invalid_signature", "X-Twilio-Signature",
                    "Missing or wrong X-Twilio-Signature"));
            return;
        }
        chain.doFilter(request, response);
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }
}
