package com.ivrvideobridge.landing;

import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffProperties;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.handoff.MessageTemplates;
import com.ivrvideobridge.media.MediaSigner;
import com.ivrvideobridge.media.Tutorials;
import com.ivrvideobridge.support.Hashes;
import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.VendorLibraries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Header;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * {@code GET /w/{token}} (routes/landing/landing-page.yaml): the page the caller opens, in the caller's
 * language, with the tutorial's title and a Start button. Fetching it changes nothing: the page's
 * script opens the link (the handshake). A known preview fetcher is only noted, once per kind.
 * An unknown, expired or revoked link gets a page that says so, with 404 or 410.
 */
@Component("landingPages")
public class LandingPages {

    private static final String TEMPLATE = "landing/landing.html";
    private static final String SCRIPT = "landing/landing.js";
    private static final String STYLE = "landing/landing.css";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)}}");

    private final LandingLinks links;
    private final Tutorials tutorials;
    private final MessageTemplates texts;
    private final HandoffStore store;
    private final LandingProperties properties;
    private final MediaSigner signer;
    private final StringRedisTemplate redis;
    private final String defaultLocale;
    private final Duration stateTtl;
    private final String template;
    private final String script;
    private final String style;
    private final String scriptHash;
    private final String styleHash;
    private final String hlsSrc;
    private final String hlsIntegrity;

    public LandingPages(
            LandingLinks links,
            Tutorials tutorials,
            MessageTemplates texts,
            HandoffStore store,
            LandingProperties properties,
            MediaSigner signer,
            StringRedisTemplate redis,
            HandoffProperties handoffProperties,
            VendorLibraries vendor) {
        this.links = links;
        this.tutorials = tutorials;
        this.texts = texts;
        this.store = store;
        this.properties = properties;
        this.signer = signer;
        this.redis = redis;
        this.defaultLocale = handoffProperties.getDefaultLocale();
        this.stateTtl = handoffProperties.getStateTtl();
        this.template = resource(TEMPLATE);
        this.script = resource(SCRIPT);
        this.style = resource(STYLE);
        this.scriptHash = Hashes.sha256Base64(script);
        this.styleHash = Hashes.sha256Base64(style);
        this.hlsSrc = vendor.path("hls.js");
        this.hlsIntegrity = vendor.integrity("hls.js");
    }

    private static String resource(String name) {
        try {
            return new ClassPathResource(name).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing " + name, e);
        }
    }

    /** The page served at {@code GET /w/{token}}: its HTTP status, Content-Security-Policy and HTML. */
    public record Page(int status, String contentSecurityPolicy, String html) {}

    /** The page for the link (a live link's, or one saying it is unknown, expired or revoked). */
    public Page render(@Header("token") String token, @Header("User-Agent") String userAgent) {
        Map<String, String> page = new LinkedHashMap<>();
        int status = 200;
        String locale = defaultLocale;
        String mediaOrigin = "";
        try {
            Handoff handoff = links.openable(token);
            locale = handoff.call().locale() == null
                    ? defaultLocale
                    : handoff.call().locale();
            notePreview(handoff, userAgent);
            mediaOrigin = signer.mediaOrigin(handoff.bucket());
            page.put("state", "ready");
            page.put(
                    "title",
                    tutorials.find(handoff.bucket(), handoff.call().assetId()).title(locale));
            page.put("message", text("page-intro", locale));
        } catch (ApiException refused) {
            status = refused.getStatus();
            String state = switch (refused.getCode()) {
                case "link_expired" -> "expired";
                case "link_revoked" -> "revoked";
                default -> "not-found";
            };
            page.put("state", state);
            page.put("title", text("page-heading", locale));
            page.put("message", text("page-" + state, locale));
        }
        page.put("lang", locale);
        page.put("start", text("page-start", locale));
        page.put("loading", text("page-loading", locale));
        page.put("error", text("page-error", locale));
        page.put("page-expired", text("page-expired", locale));
        page.put("page-revoked", text("page-revoked", locale));
        page.put("captions", text("page-captions", locale));
        page.put("hls-src", hlsSrc);
        page.put("hls-integrity", hlsIntegrity);
        page.replaceAll((name, value) -> HtmlUtils.htmlEscape(value, "UTF-8"));
        page.put("style", style);
        // Only a live link needs the script (it makes the handshake and plays); and only then is the
        // media store's connection worth opening early (no media is fetched before Start).
        boolean ready = "ready".equals(page.get("state"));
        page.put("script", ready ? "<script>" + script + "</script>" : "");
        page.put(
                "preconnect",
                ready
                        ? "<link rel=\"preconnect\" href=\"" + HtmlUtils.htmlEscape(mediaOrigin, "UTF-8")
                                + "\" crossorigin>"
                        : "");
        // One pass: a value that happens to contain "{{...}}" is never itself filled in.
        String html = PLACEHOLDER
                .matcher(template)
                .replaceAll(m -> Matcher.quoteReplacement(page.getOrDefault(m.group(1), "")));
        return new Page(status, contentSecurityPolicy(mediaOrigin.isEmpty() ? "" : " " + mediaOrigin), html);
    }

    /**
     * Only the page's own script and style (by their hashes: they are in the page) and the HLS
     * library from this service; media and segment fetches only from the media store.
     */
    private String contentSecurityPolicy(String media) {
        return "default-src 'none'; script-src 'self' 'sha256-" + scriptHash + "'; style-src 'sha256-" + styleHash
                + "'; img-src 'self' data:; connect-src 'self'" + media + "; media-src 'self' blob:" + media
                + "; worker-src blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    /** A preview fetcher is written in the history once per kind: a bot hammering the link adds nothing. */
    private void notePreview(Handoff handoff, String userAgent) {
        String preview = properties.previewAgent(userAgent);
        if (preview != null) {
            String key = "bridge:handoff:" + handoff.id() + ":previews";
            Long added = redis.opsForSet().add(key, preview);
            redis.expire(key, stateTtl);
            if (added != null && added == 1) {
                store.note(handoff.id(), "link fetched by a preview fetcher (" + preview + "): not counted as opened");
            }
        }
    }

    private String text(String name, String locale) {
        return texts.render(name, locale, defaultLocale, Map.of());
    }
}
