package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaylistRewriterTest {

    private static String rewrite(String playlist, String key) {
        return rewrite(playlist, key, "t/t.mp4");
    }

    private static String rewrite(String playlist, String key, String assetId) {
        return PlaylistRewriter.rewrite(
                playlist, key, TutorialScope.of(assetId), k -> "PLAYLIST(" + k + ")", k -> "SIGNED(" + k + ")");
    }

    @Test
    void masterPlaylistVariantsAndSubtitleGroupsComeBackThroughTheService() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="welcome-captions.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=178976,RESOLUTION=320x180,SUBTITLES="subs"
                hls/low/index.m3u8
                """;
        assertThat(rewrite(master, "welcome/welcome.m3u8", "welcome/welcome.mp4"))
                .isEqualTo("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="PLAYLIST(welcome/welcome-captions.m3u8)"
                #EXT-X-STREAM-INF:BANDWIDTH=178976,RESOLUTION=320x180,SUBTITLES="subs"
                PLAYLIST(welcome/hls/low/index.m3u8)
                """);
    }

    @Test
    void everySegmentInitSectionAndCaptionFileIsSignedOnItsOwn() {
        String media = """
                #EXTM3U
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:2.0,
                seg0.ts
                #EXTINF:2.0,
                ./seg1.ts?cache=1
                #EXT-X-ENDLIST
                """;
        assertThat(rewrite(media, "t/hls/low/index.m3u8")).isEqualTo("""
                #EXTM3U
                #EXT-X-MAP:URI="SIGNED(t/hls/low/init.mp4)"
                #EXTINF:2.0,
                SIGNED(t/hls/low/seg0.ts)
                #EXTINF:2.0,
                SIGNED(t/hls/low/seg1.ts)
                #EXT-X-ENDLIST
                """);
    }

    /** Absolute, rooted, climbing or other-folder references: never signed, never passed on to the player. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://cdn.example/seg0.ts",
                "//cdn.example/seg0.ts",
                "data:video/mp2t;base64,AAAA",
                "/t/seg0.ts",
                "/secret/keys.ts",
                "../seg0.ts",
                "../../other/seg0.ts",
                "a/../../x.ts",
                "a\\..\\x.ts",
                "..",
                "./",
                "?only-a-query"
            })
    void aReferenceThatIsNotARelativeKeyInsideTheTutorialIsLeftOutWithItsTags(String reference) {
        String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXTINF:2.0,\n#EXT-X-BYTERANGE:100@0\n"
                + reference + "\n#EXTINF:2.0,\nseg2.ts\n#EXT-X-ENDLIST\n";
        assertThat(rewrite(media, "t/hls/index.m3u8")).isEqualTo("""
                #EXTM3U
                #EXT-X-TARGETDURATION:2
                #EXTINF:2.0,
                SIGNED(t/hls/seg0.ts)
                #EXTINF:2.0,
                SIGNED(t/hls/seg2.ts)
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void aVariantOrRenditionOutsideTheTutorialIsLeftOutAndTheOthersStay() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="../../intro-internal/subs.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="A",URI="audio.m3u8",URI="https://cdn.example/a.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud2",NAME="B",URI=https://cdn.example/b.m3u8
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud3",NAME="C",uri="https://cdn.example/c.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud4",NAME="D", URI = "https://cdn.example/d.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1
                /intro-internal/low.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2
                intro/high.m3u8
                """;
        assertThat(rewrite(master, "intro.m3u8", "intro.mp4")).isEqualTo("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=2
                PLAYLIST(intro/high.m3u8)
                """);
    }

    @Test
    void aRootLevelTutorialReachesItsOwnFolderAndCompanionsOnly() {
        String master =
                "#EXTM3U\nintro/low/index.m3u8\nintro.vtt\nintro-internal/x.ts\nintroduction.ts\nintro.v2.ts\nother.ts\n";
        assertThat(rewrite(master, "intro.m3u8", "intro.mp4"))
                .isEqualTo("#EXTM3U\nPLAYLIST(intro/low/index.m3u8)\nSIGNED(intro.vtt)\n");
    }

    @Test
    void anotherFolderOfTheBucketIsOutOfReachEvenWithoutClimbing() {
        // The playlist itself sits in the tutorial's folder; a sub-playlist link cannot move it elsewhere.
        assertThat(rewrite("#EXTM3U\nseg0.ts\n", "other/index.m3u8", "welcome/welcome.mp4"))
                .isEqualTo("#EXTM3U\n");
    }

    @Test
    void aLoneCarriageReturnEndsALineAsForAPlayer() {
        assertThat(rewrite("#EXTM3U\rseg0.ts\rhttps://cdn.example/x.ts\r", "t/a.m3u8"))
                .isEqualTo("#EXTM3U\nSIGNED(t/seg0.ts)\n");
    }

    /** A native player (Safari) starts on the first variant: the lowest, for the fastest first frame. */
    @Test
    void theMastersLowestRenditionIsListedFirst() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="captions.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=100,RESOLUTION=1280x720
                hd/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=178976,RESOLUTION=320x180
                low/index.m3u8
                #EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=9,BANDWIDTH=445184,RESOLUTION=640x360
                high/index.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,URI="iframes.m3u8"
                """;
        assertThat(PlaylistRewriter.lowestFirst(master)).isEqualTo("""
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="captions.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=178976,RESOLUTION=320x180
                low/index.m3u8
                #EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=9,BANDWIDTH=445184,RESOLUTION=640x360
                high/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=100,RESOLUTION=1280x720
                hd/index.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=50000,URI="iframes.m3u8"
                """);
        String media = "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n";
        assertThat(PlaylistRewriter.lowestFirst(media)).isSameAs(media);
    }

    @Test
    void thePlayerStartsOnTheLowestRenditionTheServiceKeeps() {
        String master = """
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=445184
                high/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=1000
                ../other/low.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=178976
                low/index.m3u8
                """;
        // The lowest one leaves the tutorial: the rewritten master leaves it out and starts on the next.
        assertThat(PlaylistRewriter.startVariant(master, "intro/intro.m3u8", TutorialScope.of("intro/intro.mp4")))
                .isEqualTo("intro/low/index.m3u8");
        assertThat(PlaylistRewriter.startVariant(
                        "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n", "intro/intro.m3u8", TutorialScope.of("intro/intro.mp4")))
                .isNull();
    }
}
