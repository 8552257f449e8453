package com.ivrvideobridge.handoff;

import com.ivrvideobridge.support.ExchangeProperties;
import com.ivrvideobridge.web.ApiException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * The one rule for "refused for good", used by the web push's SMS fallback
 * (routes/delivery/sms-fallback.yaml) and by the dead-letter path ({@link DeadLetters}): a send that
 * would fail the same way however often it is repeated, so the caller needs another way (an SMS,
 * an agent) now rather than a replay later. That is a 4xx from the provider other than 429
 * (rate-limited: routes/shared/outbound-http.yaml waits Retry-After and retries), or our own refusal
 * before sending ({@link ApiException}: the media could not be signed). A 401 counts once the
 * token refresh has not helped: a first 401 is the token's, and outbound-http retries it with a
 * new one, so the fallback leaves a 401 to that retry (its onException is evaluated first).
 */
@Component("refusals")
public class Refusals {

    public static boolean refusedForGood(Throwable failure) {
        if (failure instanceof ApiException) {
            return true;
        }
        if (failure instanceof HttpOperationFailedException http) {
            int status = http.getStatusCode();
            return status >= 400 && status < 500 && status != 429;
        }
        return false;
    }

    /**
     * The fallback's onWhen: a web push (property sendingChannel) refused for good, a 401 left to
     * the token refresh (after which, still refused, it is dead-lettered as refused for good).
     */
    public boolean webPushRefusedForGood(
            @ExchangeProperty(ExchangeProperties.SENDING_CHANNEL) String channel, Exception failure) {
        return "web".equals(channel)
                && refusedForGood(failure)
                && !(failure instanceof HttpOperationFailedException http && http.getStatusCode() == 401);
    }
}
