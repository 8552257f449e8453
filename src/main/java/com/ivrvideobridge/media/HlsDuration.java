package com.ivrvideobridge.media;

/**
 * The length of an HLS video from its playlists: a media playlist's {@code #EXTINF} durations
 * added up. A master playlist has none; its first variant (every rendition has the same length)
 * is the one to read.
 */
final class HlsDuration {

    private static final String SEGMENT = "#EXTINF:";
    private static final String VARIANT = "#EXT-X-STREAM-INF";

    private HlsDuration() {}

    /** Seconds of all segments of a media playlist, or null when it lists none (a master playlist). */
    static Double total(String playlist) {
        double total = 0;
        boolean any = false;
        for (String line : playlist.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(SEGMENT)) {
                String value =
                        trimmed.substring(SEGMENT.length()).split(",", 2)[0].strip();
                try {
                    total += Double.parseDouble(value);
                    any = true;
                } catch (NumberFormatException e) {
                    return null; // not a playlist we can measure: the tutorial's length stays unknown
                }
            }
        }
        return any && total > 0 ? total : null;
    }

    /** The object key of a master playlist's first variant, or null when it names none. */
    static String firstVariant(String master, String masterKey) {
        boolean next = false;
        for (String line : master.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith(VARIANT)) {
                next = true;
            } else if (next && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                return trimmed.contains("://")
                        ? null
                        : PlaylistRewriter.resolve(masterKey, trimmed.replaceAll("[?#].*$", ""));
            }
        }
        return null;
    }
}
