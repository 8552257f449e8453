package com.ivrvideobridge.landing;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@code bridge.landing.*}: the caller's landing page and what it may do.
 *
 * @param sessionTtl          how long a viewing session (opened within the link's life) keeps
 *                            getting playlists and sending telemetry: a long tutorial plays to its end
 * @param completionThreshold share of the video the played ranges must cover for COMPLETED (and of
 *                            the first n % for QUARTILE_n); an end reached by skipping is not a completion
 * @param maxEventsPerBatch   largest telemetry batch accepted (400 above)
 * @param previewUserAgents   user-agent fragments (case-insensitive) of link-preview fetchers and
 *                            scanners: recorded, never counted as opening the link
 */
@ConfigurationProperties("bridge.landing")
public record LandingProperties(
        @DefaultValue("4h") @DurationUnit(ChronoUnit.SECONDS) Duration sessionTtl,
        @DefaultValue("0.9") double completionThreshold,
        @DefaultValue("50") int maxEventsPerBatch,
        @DefaultValue({"facebookexternalhit", "Facebot", "WhatsApp", "Slackbot", "Slack-ImgProxy", "Twitterbot",
                "TelegramBot", "Discordbot", "LinkedInBot", "SkypeUriPreview", "Applebot", "Googlebot", "bingbot",
                "redditbot", "Pinterest", "Embedly", "vkShare", "Viber", "Snapchat", "MicrosoftPreview",
                "BingPreview", "Mimecast", "Proofpoint", "Barracuda", "curl/", "python-requests", "Go-http-client"}) List<String> previewUserAgents) {

    /** The fragment of {@code userAgent} that names a known preview fetcher, or null for a person's browser. */
    public String previewAgent(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "no user agent";
        }
        for (String fragment : previewUserAgents) {
            if (userAgent.toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) {
                return fragment;
            }
        }
        return null;
    }
}
