package com.ivrvideobridge.landing;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.media.AssetIds;
import com.ivrvideobridge.media.MediaProperties;
import com.ivrvideobridge.media.MediaSigner;
import com.ivrvideobridge.media.PlaylistRewriter;
import com.ivrvideobridge.media.SignRequest;
import com.ivrvideobridge.media.SignedUrl;
import com.ivrvideobridge.media.Tutorial;
import com.ivrvideobridge.media.TutorialScope;
import com.ivrvideobridge.media.Tutorials;
import com.ivrvideobridge.web.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Header;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Playback for a viewing session (routes/landing/landing-media.yaml). Nothing here is public: the MP4
 * and captions are presigned per session, and HLS playlists are served by the service, rewritten
 * so that each segment is its own presigned URL (no cookies: signed cookies fail on iOS Safari).
 * Not bound to an IP or user agent: the link may move from the phone to a desktop.
 */
@Component("playback")
public class Playback {

    private final Tutorials tutorials;
    private final MediaSigner signer;
    private final MediaProperties media;
    private final LandingLinks links;
    private final LandingSessions sessions;

    public Playback(
            Tutorials tutorials,
            MediaSigner signer,
            MediaProperties media,
            LandingLinks links,
            @Lazy LandingSessions sessions) {
        this.tutorials = tutorials;
        this.signer = signer;
        this.media = media;
        this.links = links;
        this.sessions = sessions;
    }

    /** {@code GET /w/{token}/media?s=}: fresh URLs for a session (the page asks before the old ones end). */
    public PlaybackMedia refresh(@Header("token") String token, @Header("s") String sessionId) {
        Handoff handoff = links.playable(token);
        sessions.find(handoff, sessionId);
        return media(handoff, token, sessionId);
    }

    PlaybackMedia media(Handoff handoff, String token, String sessionId) {
        Tutorial tutorial = tutorials.find(handoff.bucket(), handoff.call().assetId());
        SignedUrl mp4 = signer.sign(new SignRequest(
                handoff.bucket(), handoff.call().assetId(), media.getExpiry().getDefault(), token));
        String hls = tutorial.hlsMasterKey() == null ? null : playlistLink(token, sessionId, tutorial.hlsMasterKey());
        String hlsStart = tutorial.hlsMasterKey() == null
                ? null
                : startVariantLink(handoff, token, sessionId, tutorial.hlsMasterKey());
        String captions = tutorial.captionsKey() == null
                ? null
                : signer.presign(
                                handoff.bucket(),
                                tutorial.captionsKey(),
                                media.getExpiry().getDefault(),
                                token)
                        .url();
        return new PlaybackMedia(
                tutorial.title(handoff.call().locale()), hls, hlsStart, mp4.url(), captions, mp4.expiresAt());
    }

    /** {@code GET /w/{token}/playlist.m3u8?s=&p=}: one of the tutorial's playlists, rewritten for the session. */
    public String playlist(@Header("token") String token, @Header("s") String sessionId, @Header("p") String key) {
        Handoff handoff = links.playable(token);
        sessions.find(handoff, sessionId);
        TutorialScope scope = requireTutorialPlaylist(handoff, key);
        String playlist = tutorials.playlist(handoff.bucket(), key);
        if (playlist == null) {
            throw new ApiException(404, "playlist_not_found", "p", "No such playlist in this tutorial");
        }
        int lifetime = media.getExpiry().getDefault();
        return PlaylistRewriter.rewrite(
                PlaylistRewriter.lowestFirst(playlist),
                key,
                scope,
                k -> playlistLink(token, sessionId, k),
                k -> signer.presign(handoff.bucket(), k, lifetime, token).url());
    }

    /**
     * The link of the variant playlist the master lists first (the lowest rendition), exactly as the
     * rewritten master names it: the page fetches both at once when Start is shown, so the player
     * finds them in the browser's cache (LandingHeadersFilter lets the browser keep a playlist a few seconds). Null for a tutorial whose
     * HLS playlist is a media playlist. The master's text is cached (Tutorials): no store read here.
     */
    private String startVariantLink(Handoff handoff, String token, String sessionId, String masterKey) {
        String master = tutorials.playlist(handoff.bucket(), masterKey);
        String key = master == null
                ? null
                : PlaylistRewriter.startVariant(
                        master, masterKey, TutorialScope.of(handoff.call().assetId()));
        return key == null ? null : playlistLink(token, sessionId, key);
    }

    /** Only playlists of this handoff's tutorial: inside its {@link TutorialScope}. */
    private TutorialScope requireTutorialPlaylist(Handoff handoff, String key) {
        if (key == null || !key.endsWith(".m3u8")) {
            throw new ApiException(400, "invalid_playlist", "p", "p must name an .m3u8 playlist of this tutorial");
        }
        AssetIds.validate(key, media.getAssetIdMaxLength());
        TutorialScope scope = TutorialScope.of(handoff.call().assetId());
        if (!scope.admits(key)) {
            throw new ApiException(404, "playlist_not_found", "p", "No such playlist in this tutorial");
        }
        return scope;
    }

    private static String playlistLink(String token, String sessionId, String key) {
        return "/w/" + token + "/playlist.m3u8?s=" + sessionId + "&p=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}
