package com.ivrvideobridge.media;

import com.ivrvideobridge.web.ApiException;

/** Rules for asset ids (S3 object keys under the bucket): relative, no traversal, printable, bounded. */
public final class AssetIds {

    private AssetIds() {}

    public static void validate(String assetId, int maxLength) {
        if (assetId.length() > maxLength) {
            throw invalid("asset_id must be at most " + maxLength + " characters");
        }
        if (hasControlCharacter(assetId)) {
            throw invalid("asset_id must not contain control characters");
        }
        if (assetId.startsWith("/") || assetId.contains("\\")) {
            throw invalid("asset_id must be a relative key with '/' separators");
        }
        if (hasDotOrEmptySegment(assetId)) {
            throw invalid("asset_id must not contain empty, '.' or '..' path segments");
        }
    }

    /** Whether a key has an empty, '.' or '..' segment between its '/'s: one that does not stay where it is. */
    static boolean hasDotOrEmptySegment(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    private static ApiException invalid(String message) {
        return new ApiException(400, "invalid_asset_id", "asset_id", message);
    }
}
