package com.ivrvideobridge.sms;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Genesys Open Messaging receipts must carry a valid {@code X-Hub-Signature-256} over the raw body
 * ({@code bridge.sms.open-messaging.secret}): otherwise 403 and nothing changes. Without a secret
 * the endpoint is off: 404, as for a provider this service does not have (not 403, which would send
 * whoever sets up the integration looking for a signature bug). Runs after the body is buffered
 * (BodySizeLimitFilter: an oversized body is 413 first) and before the JSON Content-Type check
 * (JsonContentTypeFilter), so an unsigned caller learns nothing about what the endpoint accepts.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class OpenMessagingSignatureFilter extends SignedReceiptFilter {

    public static final String PATH = "/api/v1/messaging/receipts";
    private static final Logger log = LoggerFactory.getLogger(OpenMessagingSignatureFilter.class);

    private final String secret;

    public OpenMessagingSignatureFilter(SmsProperties sms, JsonErrorWriter errors) {
        super(PATH, OpenMessagingSignature.HEADER, errors);
        this.secret = sms.openMessaging().secret();
    }

    public static boolean isReceipt(HttpServletRequest request) {
        return isPost(request, PATH);
    }

    @Override
    boolean verified(HttpServletRequest request, byte[] body) {
        return OpenMessagingSignature.verify(secret, body, request.getHeader(OpenMessagingSignature.HEADER));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (secret.isBlank()) {
            log.warn("Refused an Open Messaging receipt: bridge.sms.open-messaging.secret is not set");
            refuse(
                    response,
                    new ApiException(
                            404, "not_found", null, "Open Messaging receipts are not enabled on this service"));
            return;
        }
        super.doFilterInternal(request, response, chain);
    }
}
