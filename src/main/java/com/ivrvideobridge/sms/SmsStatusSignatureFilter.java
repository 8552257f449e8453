package com.ivrvideobridge.sms;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Delivery receipts from the Twilio-compatible gateway must carry a valid {@code X-Twilio-Signature}
 * over the public URL ({@code bridge.public-base-url} + path + query) and the form parameters:
 * otherwise 403 and nothing changes. A body that is not a well-formed form is 400. Runs after the body is buffered (BodySizeLimitFilter).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class SmsStatusSignatureFilter extends SignedReceiptFilter {

    public static final String PATH = "/api/v1/sms/status";
    /** The form fields SmsReceipts.readTwilio reads (as Camel headers). */
    static final Set<String> FIELDS_READ = Set.of("MessageSid", "MessageStatus", "ErrorCode");

    private final String authToken;
    private final String publicBaseUrl;

    public SmsStatusSignatureFilter(
            SmsProperties sms, @Value("${bridge.public-base-url}") String publicBaseUrl, JsonErrorWriter errors) {
        super(PATH, "X-Twilio-Signature", errors);
        this.authToken = sms.twilio().authToken();
        this.publicBaseUrl = publicBaseUrl.replaceAll("/+$", "");
    }

    public static boolean isReceipt(HttpServletRequest request) {
        return isPost(request, PATH);
    }

    @Override
    boolean verified(HttpServletRequest request, byte[] body) {
        String url = publicBaseUrl
                + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        // The route reads the fields as Camel headers, where an HTTP header of the same name also
        // lands, and takes its place when the form lacks that field (a replayed receipt with an added
        // "ErrorCode" header): no header is covered by the signature, so any named like a form field
        // or like a field the route reads is refused (names compare case-insensitively).
        boolean shadowed = Stream.concat(form.keySet().stream(), FIELDS_READ.stream())
                .anyMatch(name -> request.getHeader(name) != null);
        return !shadowed && TwilioSignature.verify(authToken, url, form, request.getHeader("X-Twilio-Signature"));
    }

    /**
     * The form's fields, read as strictly as camel-http will read them for the route: every part
     * between '&' is name=value with valid %-escapes (a trailing '&' is fine), and no name comes
     * twice (the signature covers one value per name; the route would see both). Otherwise 400.
     */
    static Map<String, String> parseForm(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw malformed("each field must be name=value");
            }
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                if (params.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                    throw malformed("a field appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw malformed("a %-escape is not valid");
            }
        }
        return params;
    }

    private static ApiException malformed(String why) {
        return new ApiException(
                400, "malformed_form", null, "The body is not a valid application/x-www-form-urlencoded form: " + why);
    }
}
