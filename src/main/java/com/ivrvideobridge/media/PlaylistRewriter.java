package com.ivrvideobridge.media;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites an HLS playlist stored in the bucket for one viewing session: every reference to
 * another playlist becomes a link back to the service (which rewrites that one in turn), every
 * other reference (segments, captions, init sections, keys) becomes its own presigned URL.
 * References are object keys relative to the playlist, taken literally (no percent-decoding).
 * <p>
 * Only references inside the tutorial are kept: an absolute URI ({@code https:}, {@code //host}),
 * a {@code /}-rooted path, a {@code ..} segment, a backslash or control character, or a key
 * outside the tutorial's {@link TutorialScope} is left out of the rewritten playlist, with the
 * tags that describe it ({@code #EXTINF}, {@code #EXT-X-STREAM-INF}, {@code #EXT-X-BYTERANGE}),
 * and a tag whose {@code URI} attribute is refused is left out whole; each is logged. The rest of
 * the tutorial still plays. Never throws on any playlist text.
 */
public final class PlaylistRewriter {

    private static final Logger log = LoggerFactory.getLogger(PlaylistRewriter.class);
    /**
     * A URI attribute, as leniently as players read one (any case, blanks around '='); group 2 is its
     * value when quoted, as HLS requires (players also take unquoted ones: those are refused).
     */
    private static final Pattern URI_ATTRIBUTE =
            Pattern.compile("URI\\s*=\\s*(\"([^\"]*)\")?", Pattern.CASE_INSENSITIVE);
    /** A URI scheme ({@code https:}, {@code data:}, {@code skd:}): hosted elsewhere, never ours to sign or pass on. */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
    /** Tags that describe the URI line after them: dropped with it when it is refused. */
    private static final List<String> URI_LINE_TAGS = List.of("#EXTINF", "#EXT-X-STREAM-INF", "#EXT-X-BYTERANGE");
    /** BANDWIDTH, not AVERAGE-BANDWIDTH: the attribute list starts with ':' or follows a ','. */
    private static final Pattern BANDWIDTH = Pattern.compile("[:,]BANDWIDTH=(\\d+)");

    private PlaylistRewriter() {}

    /**
     * @param playlistKey  object key of the playlist being rewritten
     * @param scope        the tutorial whose objects this playlist may refer to
     * @param playlistLink object key of a playlist -> the link the player should fetch it from
     * @param objectLink   object key of a segment, captions file... -> its presigned URL
     */
    public static String rewrite(
            String playlist,
            String playlistKey,
            TutorialScope scope,
            UnaryOperator<String> playlistLink,
            UnaryOperator<String> objectLink) {
        StringBuilder out = new StringBuilder(playlist.length() * 2);
        // Tags since the last URI line: they describe the next one, and go (or stay) with it.
        List<String> pending = new ArrayList<>();
        int refused = 0;
        for (String line : playlist.split("\r?\n|\r")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                String tag = rewriteTag(trimmed, playlistKey, scope, playlistLink, objectLink);
                if (tag == null) {
                    refused++;
                } else {
                    pending.add(tag);
                }
                continue;
            }
            String key = key(trimmed, playlistKey, scope);
            if (key == null) {
                refused++;
                pending.removeIf(PlaylistRewriter::describesUriLine);
            }
            pending.forEach(tag -> out.append(tag).append('\n'));
            pending.clear();
            if (key != null) {
                out.append(link(key, playlistLink, objectLink)).append('\n');
            }
        }
        pending.forEach(tag -> out.append(tag).append('\n'));
        if (refused > 0) {
            log.warn(
                    "Playlist {}: left out {} reference(s) outside its tutorial ({}) or not relative keys",
                    playlistKey,
                    refused,
                    scope);
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

    /**
     * The object key of the variant a native player starts on: the first one {@link #rewrite} keeps
     * in {@link #lowestFirst} order (the lowest rendition), or null for a media playlist. The landing
     * page fetches that variant's playlist alongside the master once Start is shown, so that after
     * Start only the first segment is left to download.
     */
    public static String startVariant(String master, String masterKey, TutorialScope scope) {
        boolean next = false;
        for (String line : lowestFirst(master).split("\n")) {
            if (line.startsWith("#EXT-X-STREAM-INF")) {
                next = true;
            } else if (next && !line.isEmpty() && !line.startsWith("#")) {
                String key = key(line, masterKey, scope);
                if (key != null) {
                    return key;
                }
                next = false;
            }
        }
        return null;
    }

    private static long bandwidth(String streamInf) {
        Matcher bandwidth = BANDWIDTH.matcher(streamInf);
        return bandwidth.find() ? Long.parseLong(bandwidth.group(1)) : Long.MAX_VALUE;
    }

    /** The tag with every URI attribute rewritten, or null when one of them is refused (or unquoted). */
    private static String rewriteTag(
            String tag,
            String playlistKey,
            TutorialScope scope,
            UnaryOperator<String> playlistLink,
            UnaryOperator<String> objectLink) {
        Matcher uri = URI_ATTRIBUTE.matcher(tag);
        StringBuilder out = new StringBuilder(tag.length() * 2);
        int last = 0;
        while (uri.find()) {
            String key = uri.group(1) == null ? null : key(uri.group(2), playlistKey, scope);
            if (key == null) {
                return null;
            }
            out.append(tag, last, uri.start(2)).append(link(key, playlistLink, objectLink));
            last = uri.end(2);
        }
        return out.append(tag, last, tag.length()).toString();
    }

    private static boolean describesUriLine(String tag) {
        String name = tag.toUpperCase(Locale.ROOT);
        return URI_LINE_TAGS.stream().anyMatch(t -> name.equals(t) || name.startsWith(t + ":"));
    }

    private static String link(String key, UnaryOperator<String> playlistLink, UnaryOperator<String> objectLink) {
        return key.endsWith(".m3u8") ? playlistLink.apply(key) : objectLink.apply(key);
    }

    /** The object key a reference points to, or null when it is refused (see the class comment). */
    static String key(String reference, String playlistKey, TutorialScope scope) {
        int end = reference.length();
        for (char c : new char[] {'?', '#'}) {
            int at = reference.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        String path = reference.substring(0, end);
        if (path.isEmpty()
                || path.startsWith("/")
                || SCHEME.matcher(path).find()
                || path.contains("\\")
                || AssetIds.hasControlCharacter(path)) {
            return null;
        }
        String key = resolve(playlistKey, path);
        return key == null || !scope.admits(key) ? null : key;
    }

    /** The key a relative reference in the playlist at {@code base} points to; null if it has a {@code ..} segment. */
    static String resolve(String base, String reference) {
        int folder = base.lastIndexOf('/') + 1;
        StringBuilder key = new StringBuilder(base.substring(0, folder));
        for (String part : reference.split("/")) {
            if (part.equals("..")) {
                return null;
            }
            if (!part.isEmpty() && !part.equals(".")) {
                key.append(part).append('/');
            }
        }
        return key.length() == folder ? null : key.substring(0, key.length() - 1);
    }
}
