package com.ivrvideobridge.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.TestServers;
import com.ivrvideobridge.testbed.TestTutorials;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A tutorial's length as the store knows it (what telemetry is judged against): its sidecar's
 * durationSeconds, else the total of its HLS segments, else its MP4's movie header, else unknown.
 */
class TutorialLengthTest extends BridgeIntegrationTest {

    @Autowired
    private Tutorials tutorials;

    @Test
    void theSidecarSaysFirst() {
        assertThat(length(TestTutorials.ofLength(120))).isEqualTo(120.0);
        assertThat(length(TestServers.SAMPLE_ASSET)).isEqualTo(6.0);
    }

    @Test
    void withoutOneTheHlsSegmentsAreAddedUp() {
        String folder = "hls-length/" + UUID.randomUUID() + "/";
        TestTutorials.put(folder + "clip.mp4", TestTutorials.sample());
        TestTutorials.put(folder + "clip.json", text("{\"title\": {\"en-US\": \"No length here\"}}"));
        TestTutorials.put(folder + "clip.m3u8", text("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=100000,RESOLUTION=320x180
                low/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=640x360
                high/index.m3u8
                """));
        TestTutorials.put(folder + "low/index.m3u8", text("""
                #EXTM3U
                #EXT-X-TARGETDURATION:5
                #EXTINF:4.5,
                seg0.ts
                #EXTINF:4.5,
                seg1.ts
                #EXTINF:3.25,
                seg2.ts
                #EXT-X-ENDLIST
                """));

        assertThat(length(folder + "clip.mp4")).isEqualTo(12.25);
    }

    @Test
    void anMp4AloneIsMeasuredByItsMovieHeader() {
        String asset = "mp4-length/" + UUID.randomUUID() + ".mp4";
        TestTutorials.put(asset, TestTutorials.sample());

        assertThat(length(asset)).isEqualTo(6.0);
    }

    @Test
    void aFileThatIsNotAnMp4HasNoKnownLength() {
        String asset = "mp4-length/" + UUID.randomUUID() + ".mp4";
        TestTutorials.put(asset, text("not a video, just text long enough to look like a box header or two"));

        assertThat(length(asset)).isNull();
    }

    private Double length(String asset) {
        return tutorials.find(TestServers.MEDIA_BUCKET, asset).durationSeconds();
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
