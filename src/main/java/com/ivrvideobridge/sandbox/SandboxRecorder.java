package com.ivrvideobridge.sandbox;

import com.ivrvideobridge.handoff.PhoneNumbers;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What the service would have sent to Genesys Cloud and the SMS gateway, kept in memory (the last
 * 1,000 calls) for the sandbox page. Phone numbers are masked here as everywhere.
 */
@Component
@ConditionalOnProperty("bridge.sandbox.enabled")
public class SandboxRecorder {

    private static final int KEEP = 1000;
    /** E.164 as JSON carries it, and URL-encoded as a Twilio form body does (To=%2B1...). */
    private static final Pattern PHONE = Pattern.compile("(?:\\+|%2[Bb])(\\d{7,15})");

    private final Deque<RecordedCall> calls = new ArrayDeque<>();
    private final Clock clock;

    public SandboxRecorder(Clock clock) {
        this.clock = clock;
    }

    public record RecordedCall(Instant at, String system, String method, String path, String body, int status) {}

    public synchronized void record(String system, String method, String path, String body, int status) {
        calls.addFirst(new RecordedCall(clock.instant(), system, method, path, mask(body), status));
        while (calls.size() > KEEP) {
            calls.removeLast();
        }
    }

    /** Newest first. */
    /** Voice calls whose caller has hung up (the sandbox's "Caller hangs up" button); the others are on the line. */
    private final Set<String> hungUp = ConcurrentHashMap.newKeySet();

    public void hangUp(String conversationId) {
        hungUp.add(conversationId);
    }

    public boolean hasHungUp(String conversationId) {
        return hungUp.contains(conversationId);
    }

    public synchronized List<RecordedCall> calls() {
        return new ArrayList<>(calls);
    }

    private static String mask(String body) {
        if (body == null) {
            return "";
        }
        Matcher phone = PHONE.matcher(body);
        StringBuilder out = new StringBuilder();
        while (phone.find()) {
            phone.appendReplacement(out, Matcher.quoteReplacement(PhoneNumbers.mask("+" + phone.group(1))));
        }
        phone.appendTail(out);
        return out.toString();
    }
}
