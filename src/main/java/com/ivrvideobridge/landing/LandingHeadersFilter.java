package com.ivrvideobridge.landing;

import com.ivrvideobridge.media.MediaProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers on every landing-link response ({@code /w/**}): the token is in the URL, so it must
 * not leak through the Referer to the media store or anyone else, be cached by a shared proxy,
 * or be indexed.
 *
 * <p>One exception to {@code no-store}: a playlist answered 200 ({@code GET /w/{token}/playlist.m3u8})
 * may be kept by this browser only ({@code private}) for a tenth of the presigned URLs' life (30 s
 * of 300). The page fetches the master and the lowest rendition's playlist as soon as Start is
 * shown; the player (Chrome's or Safari's own, or hls.js) then takes them from the cache when
 * Start is pressed, and only the first segment is left to download. A tenth, so that the segments
 * a cached playlist names are still valid for most of their life (the signer hands out URLs with
 * at least 80 % of it left). A revoked or expired link stays dead: every new request gets its 410,
 * and what a cached copy replays for those seconds is what this browser already holds, the same
 * presigned segment URLs, valid for their whole life whatever the link's state (as the MP4's and
 * the captions' are). Set here, not in the route: Camel's HTTP binding drops a route's
 * Cache-Control, and only adds headers after this one.
 */
@Component
public class LandingHeadersFilter extends OncePerRequestFilter {

    private static final String NO_STORE = "no-store";

    private final String playlistCacheControl;

    public LandingHeadersFilter(MediaProperties media) {
        this.playlistCacheControl = "private, max-age=" + media.getExpiry().getDefault() / 10;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/w/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
        if ("GET".equals(request.getMethod()) && request.getRequestURI().endsWith("/playlist.m3u8")) {
            response.setHeader("Cache-Control", playlistCacheControl);
            chain.doFilter(request, new StoredOnlyIfOk(response));
        } else {
            response.setHeader("Cache-Control", NO_STORE);
            chain.doFilter(request, response);
        }
    }

    /** Back to {@code no-store} for any answer but a 200 (a 403, 404 or 410 is never kept). */
    private static final class StoredOnlyIfOk extends HttpServletResponseWrapper {

        StoredOnlyIfOk(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int status) {
            super.setStatus(status);
            if (status != SC_OK) {
                setHeader("Cache-Control", NO_STORE);
            }
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            setHeader("Cache-Control", NO_STORE);
            super.sendError(status, message);
        }

        @Override
        public void sendError(int status) throws IOException {
            setHeader("Cache-Control", NO_STORE);
            super.sendError(status);
        }
    }
}
