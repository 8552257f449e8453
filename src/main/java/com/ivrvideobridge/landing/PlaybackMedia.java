package com.ivrvideobridge.landing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What the page plays: the HLS master playlist (through the service, which presigns every segment)
 * and the variant playlist a player starts on (the lowest rendition, listed first in the master:
 * the page fetches both as soon as Start is shown, so the player finds them in the browser's cache),
 * the MP4 fallback and the captions (presigned), and when those presigned URLs end; the page asks
 * again ({@code GET /w/{token}/media}) before then.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlaybackMedia(
        String title, String hls, String hlsStart, String mp4, String captions, Instant expiresAt) {}
