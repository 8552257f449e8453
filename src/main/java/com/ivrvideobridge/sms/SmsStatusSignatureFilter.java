package com.ivrvideobridge.sms;

import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts from the Twilio-compatible gateway must carry a valid {@code X-Twilio-Signature}
 * over the public URL ({@code bridge.public-base-url} + path + query) and the form parameters:
 * otherwise 403 and nothing changes. Runs after the body is buffered (BodySizeLimitFilter).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class SmsStatusSignatureFilter extends SignedReceiptFilter {

    public static final String PATH = "/api/v1/sms/status";

    private final String authToken;
    private final String publicBaseUrl;

    public SmsStatusSignatureFilter(SmsProperties sms, @Value("${bridge.public-base-url}") String publicBaseUrl,
                                    JsonErrorWriter errors) {
        super(PATH, "X-Twilio-Signature", errors);
        this.authToken = sms.twilio().authToken();
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public static boolean isReceipt(HttpServletRequest request) {
        return isPost(request, PATH);
    }

    @Override
    boolean verified(HttpServletRequest request, byte[] body) {
        String url = publicBaseUrl + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        // The route reads the fields as Camel headers, where an HTTP header of the same name would
        // also land: such a header is not covered by the signature, so it is refused.
        boolean shadowed = form.keySet().stream().anyMatch(name -> request.getHeader(name) != null);
        return !shadowed && TwilioSignature.verify(authToken, url, form, request.getHeader("X-Twilio-Signature"));
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
