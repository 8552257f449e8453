package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.web.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * What reads outside input in media: the sign endpoint's parser, asset ids, and the HLS playlist
 * rewriter (playlists come from the bucket). Each gives a valid result or its documented refusal
 * (a 4xx ApiException, malformed JSON), never another exception or a hang. Seeds under
 * src/test/resources/com/ivrvideobridge/media/MediaFuzzTestInputs/; fuzz with scripts/fuzz.sh.
 */
class MediaFuzzTest {

    private static final int MAX_ASSET_ID = 512;
    /** A URI attribute as players read it (hls.js: any blanks around '='). */
    private static final Pattern ANY_URI_ATTRIBUTE = Pattern.compile("URI\\s*=\\s*", Pattern.CASE_INSENSITIVE);

    private static final SignRequestParser SIGN = signParser();

    static {
        // Each rewrite that leaves a reference out warns: millions of lines while fuzzing.
        ((Logger) LoggerFactory.getLogger(PlaylistRewriter.class)).setLevel(Level.ERROR);
    }

    private static SignRequestParser signParser() {
        MediaProperties media = new MediaProperties();
        media.setAllowedBuckets(List.of("tutorials", "other"));
        media.setDefaultBucket("tutorials");
        return new SignRequestParser(new ObjectMapper(), media);
    }

    @FuzzTest
    void signRequest(byte[] input) {
        SignRequest request;
        try {
            // As the servlet container hands it over: decoded, bytes that are no UTF-8 replaced.
            request = SIGN.parse(new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8));
        } catch (ApiException refused) {
            assertThat(refused.getStatus()).isBetween(400, 499);
            return;
        } catch (JsonProcessingException malformed) {
            return;
        } catch (IOException unreadable) {
            throw new AssertionError("a body that is not JSON must be refused as such, not fail", unreadable);
        }
        assertValidAssetId(request.assetId());
        assertThat(request.bucket()).isIn("tutorials", "other");
        assertThat(request.expirationSeconds()).isBetween(60, 900);
        assertThat(request.sessionToken()).isNotBlank().hasSizeLessThanOrEqualTo(256);
        assertThat(AssetIds.hasControlCharacter(request.sessionToken())).isFalse();
    }

    @FuzzTest
    void assetId(byte[] input) {
        String assetId = new String(input, StandardCharsets.UTF_8);
        try {
            AssetIds.validate(assetId, MAX_ASSET_ID);
        } catch (ApiException refused) {
            assertThat(refused.getStatus()).isEqualTo(400);
            assertThat(refused.getCode()).isEqualTo("invalid_asset_id");
            return;
        }
        assertValidAssetId(assetId);
        TutorialScope scope = TutorialScope.of(assetId);
        assertThat(scope.admits(assetId)).as("a tutorial reaches its own MP4").isTrue();
        assertThat(scope.admits("../" + assetId)).isFalse();
    }

    /**
     * Input: the tutorial's asset id, a newline, the playlist's key, a newline, the playlist. Every
     * key the rewriter signs or links is a plain relative key inside the tutorial's scope, and what
     * reaches the player holds no reference but those links.
     */
    @FuzzTest
    void playlist(byte[] input) {
        String[] parts = new String(input, StandardCharsets.UTF_8).split("\n", 3);
        if (parts.length < 3) {
            return;
        }
        String assetId = parts[0];
        String playlistKey = parts[1];
        try {
            AssetIds.validate(assetId, MAX_ASSET_ID);
            AssetIds.validate(playlistKey, MAX_ASSET_ID);
        } catch (ApiException invalid) {
            return;
        }
        TutorialScope scope = TutorialScope.of(assetId);
        if (!scope.admits(playlistKey)) {
            return; // Playback answers 404 before rewriting.
        }
        List<String> keys = new ArrayList<>();
        String rewritten = PlaylistRewriter.rewrite(
                parts[2], playlistKey, scope, k -> link("PLAYLIST", k, keys), k -> link("SIGNED", k, keys));
        for (String key : keys) {
            assertThat(scope.admits(key)).as(key).isTrue();
            assertRelativeKey(key);
        }
        for (String line : rewritten.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher uri = ANY_URI_ATTRIBUTE.matcher(line);
                while (uri.find()) {
                    assertThat(line.substring(uri.end())).as(line).matches("(?s)\"(PLAYLIST|SIGNED)<.*");
                }
            } else {
                assertThat(line).as(line).matches("(?s)(PLAYLIST|SIGNED)<.*>");
            }
        }
    }

    /** Like the real links (a presigned URL, a /w/ link), the key is %-encoded in them. */
    private static String link(String kind, String key, List<String> keys) {
        keys.add(key);
        return kind + "<" + URLEncoder.encode(key, StandardCharsets.UTF_8) + ">";
    }

    private static void assertValidAssetId(String key) {
        assertThat(key).hasSizeLessThanOrEqualTo(MAX_ASSET_ID);
        assertRelativeKey(key);
    }

    /** An object key that stays where it is: relative, no empty, '.' or '..' segment, printable. */
    private static void assertRelativeKey(String key) {
        assertThat(key).isNotEmpty().doesNotStartWith("/").doesNotContain("\\");
        assertThat(AssetIds.hasControlCharacter(key)).as(key).isFalse();
        for (String segment : key.split("/", -1)) {
            assertThat(segment).as(key).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
        }
    }
}
