package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaylistRewriterTest {

    private static String rewrite(String playlist, String key) {
        return PlaylistRewriter.rewrite(playlist, key, k -> "PLAYLIST(" + k + ")", k -> "SIGNED(" + k + ")");
    }

    @Test
    void masterPlaylistVariantsAndSubtitleGroupsComeBackThroughTheService() {
        String master = """
                #EXTM3U
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="welcome-captions.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=178976,RESOLUTION=320x180,SUBTITLES="subs"
                hls/low/index.m3u8
                """;
        assertThat(rewrite(master, "welcome/welcome.m3u8")).isEqualTo("""
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
                #EXTINF:2.0,
                ../shared/seg2.ts
                #EXT-X-ENDLIST
                """;
        assertThat(rewrite(media, "t/hls/low/index.m3u8")).isEqualTo("""
                #EXTM3U
                #EXT-X-MAP:URI="SIGNED(t/hls/low/init.mp4)"
                #EXTINF:2.0,
                SIGNED(t/hls/low/seg0.ts)
                #EXTINF:2.0,
                SIGNED(t/hls/low/seg1.ts)
                #EXTINF:2.0,
                SIGNED(t/hls/shared/seg2.ts)
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void referencesHostedElsewhereAreLeftAlone() {
        assertThat(rewrite("#EXTM3U\nhttps://cdn.example/seg0.ts\n", "t/a.m3u8"))
                .isEqualTo("#EXTM3U\nhttps://cdn.example/seg0.ts\n");
    }

    @Test
    void aReferenceThatClimbsOutOfTheBucketIsRefused() {
        assertThatThrownBy(() -> rewrite("#EXTM3U\n../../../secret.ts\n", "t/a.m3u8"))
                .isInstanceOf(IllegalArgumentException.class);
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
}
