package com.ivrvideobridge.media;

import java.util.Locale;
import java.util.Map;

/**
 * What the store holds for one tutorial. The asset id is its MP4 (the fallback rendition); next to
 * it, by convention, {@code <name>.m3u8} (the HLS master playlist), {@code <name>.vtt} (captions)
 * and {@code <name>.json} ({@code {"title": {"en-US": "..."}, "durationSeconds": 6}}), each optional.
 *
 * @param hlsMasterKey    object key of the HLS master playlist, or null when there is none
 * @param captionsKey     object key of the WebVTT captions, or null
 * @param durationSeconds the video's length as the store knows it (the sidecar's
 *                        {@code durationSeconds}, else the total of the HLS playlist's segments,
 *                        else the MP4's movie header), or null when none says: what telemetry is
 *                        judged against, never the page's own word
 */
public record Tutorial(
        String bucket,
        String assetId,
        Map<String, String> titles,
        String hlsMasterKey,
        String captionsKey,
        Double durationSeconds) {

    /** The title in the caller's locale (exact, then language, then any), or one made from the file name. */
    public String title(String locale) {
        if (locale != null) {
            String language = locale.split("-")[0].toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> entry : titles.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(locale)) {
                    return entry.getValue();
                }
            }
            for (Map.Entry<String, String> entry : titles.entrySet()) {
                if (entry.getKey().toLowerCase(Locale.ROOT).split("-")[0].equals(language)) {
                    return entry.getValue();
                }
            }
        }
        if (!titles.isEmpty()) {
            return titles.values().iterator().next();
        }
        String base = baseName(assetId);
        String name = base.substring(base.lastIndexOf('/') + 1).replaceAll("[-_]+", " ");
        return name.isEmpty() ? assetId : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** The asset id without its extension: the stem its companion objects share. */
    static String baseName(String assetId) {
        int slash = assetId.lastIndexOf('/');
        int dot = assetId.lastIndexOf('.');
        return dot > slash + 1 ? assetId.substring(0, dot) : assetId;
    }
}
