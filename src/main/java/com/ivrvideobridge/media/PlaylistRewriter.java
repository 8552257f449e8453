package com.ivrvideobridge.media;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites an HLS playlist stored in the bucket for one viewing session: every reference to
 * another playlist becomes a link back to the service (which rewrites that one in turn), every
 * other reference (segments, captions, init sections, keys) becomes its own presigned URL. Relative
 * references are resolved against the playlist's object key, as a player would.
 */
public final class PlaylistRewriter {

    private static final Pattern URI_ATTRIBUTE = Pattern.compile("URI=\"([^\"]*)\"");
    /** BANDWIDTH, not AVERAGE-BANDWIDTH: the attribute list starts with ':' or follows a ','. */
    private static final Pattern BANDWIDTH = Pattern.compile("[:,]BANDWIDTH=(\\d+)");

    private PlaylistRewriter() {
    }

    /**
     * @param playlistKey object key of the playlist being rewritten
     * @param playlistLink object key of a playlist -> the link the player should fetch it from
     * @param objectLink   object key of a segment, captions file... -> its presigned URL
     */
    public static String rewrite(String playlist, String playlistKey, UnaryOperator<String> playlistLink,
                                 UnaryOperator<String> objectLink) {
        StringBuilder out = new StringBuilder(playlist.length() * 2);
        for (String line : playlist.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                Matcher uri = URI_ATTRIBUTE.matcher(trimmed);
                out.append(uri.find()
                        ? trimmed.substring(0, uri.start(1)) + link(uri.group(1), playlistKey, playlistLink, objectLink)
                          + trimmed.substring(uri.end(1))
                        : trimmed);
            } else {
                out.append(link(trimmed, playlistKey, playlistLink, objectLink));
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * A master playlist with its variants (each {@code #EXT-X-STREAM-INF} and the URI after it)
     * ordered by {@code BANDWIDTH}, lowest first, in the place of the first; every other line stays
     * where it was. A native HLS player (Safari) starts on the first variant listed: the caller's
     * first frame then comes from the smallest first segment, and the player moves up as the
     * network allows. A media playlist (no variants) is returned as it is.
     */
    public static String lowestFirst(String playlist) {
        List<String> lines = List.of(playlist.split("\r?\n"));
        List<List<String>> variants = new ArrayList<>();
        List<String> out = new ArrayList<>();
        int firstVariant = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("#EXT-X-STREAM-INF") && i + 1 < lines.size()) {
                firstVariant = firstVariant < 0 ? out.size() : firstVariant;
                variants.add(List.of(line, lines.get(++i).strip()));
            } else {
                out.add(line);
            }
        }
        if (variants.isEmpty()) {
            return playlist;
        }
        variants.sort(Comparator.comparingLong(v -> bandwidth(v.get(0))));
        out.addAll(firstVariant, variants.stream().flatMap(List::stream).toList());
        return String.join("\n", out) + "\n";
    }

    private static long bandwidth(String streamInf) {
        Matcher bandwidth = BANDWIDTH.matcher(streamInf);
        return bandwidth.find() ? Long.parseLong(bandwidth.group(1)) : Long.MAX_VALUE;
    }

    private static String link(String reference, String playlistKey, UnaryOperator<String> playlistLink,
                               UnaryOperator<String> objectLink) {
        if (reference.contains("://")) {
            // Hosted elsewhere (a public CDN): not ours to sign.
            return reference;
        }
        String key = resolve(playlistKey, reference.replaceAll("[?#].*$", ""));
        return key.endsWith(".m3u8") ? playlistLink.apply(key) : objectLink.apply(key);
    }

    /** The object key a relative reference in the playlist at {@code base} points to. */
    static String resolve(String base, String reference) {
        Deque<String> parts = new ArrayDeque<>();
        if (!reference.startsWith("/")) {
            String[] baseParts = base.split("/");
            for (int i = 0; i < baseParts.length - 1; i++) {
                parts.addLast(baseParts[i]);
            }
        }
        for (String part : reference.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException("Playlist reference leaves the bucket: " + reference);
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
