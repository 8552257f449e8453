package com.ivrvideobridge.handoff;

import java.util.regex.Pattern;

/**
 * Shapes of the ids that come from outside and end up in Redis keys or outbound URL paths
 * ({@code /api/v2/conversations/{conversationId}/participants/{participantId}/...}): checked before
 * either is built, so no id can be {@code .}, {@code ..} or carry a {@code /} or {@code %}.
 */
public final class Ids {

    /** A UUID, 8-4-4-4-12 hex digits in any case: the shape of Genesys's ids and of our handoff ids. */
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private static final Pattern UUID_SHAPE = Pattern.compile(UUID);
    /** Whatever bridge.handoff.id-pattern allows, an id stays one plain path segment. */
    private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private Ids() {}

    /** A handoff id as we mint them (a UUID): anything else is not looked up. */
    public static boolean isHandoffId(String id) {
        return id != null && UUID_SHAPE.matcher(id).matches();
    }

    /** Letters, digits, {@code -} and {@code _} only (at most 128): never {@code .}, {@code /} or {@code %}. */
    static boolean isPathSegment(String id) {
        return PATH_SEGMENT.matcher(id).matches();
    }
}
