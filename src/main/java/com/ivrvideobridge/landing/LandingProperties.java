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
 * @param maxEventsPerHandoff  telemetry events kept per handoff (all its sessions); later ones are
 *                            dropped, answered as {@code dropped}, and never reach Kafka or Genesys
 * @param maxSessionsPerHandoff viewing sessions alive at once per handoff; another handshake is 429
 * @param played              how much playing a batch may claim (see {@link Played})
 * @param previewUserAgents   user-agent fragments (case-insensitive) of link-preview fetchers and
 *                            scanners: recorded, never counted as opening the link
 */
@ConfigurationProperties("bridge.landing")
public record LandingProperties(
        @DefaultValue("4h") @DurationUnit(ChronoUnit.SECONDS)
        Duration sessionTtl,

        @DefaultValue("0.9") double completionThreshold,
        @DefaultValue("50") int maxEventsPerBatch,
        @DefaultValue("2000") int maxEventsPerHandoff,
        @DefaultValue("20") int maxSessionsPerHandoff,
        @DefaultValue Played played,

        @DefaultValue({
            "facebookexternalhit",
            "Facebot",
            "WhatsApp",
            "Slackbot",
            "Slack-ImgProxy",
            "Twitterbot",
            "TelegramBot",
            "Discordbot",
            "LinkedInBot",
            "SkypeUriPreview",
            "Applebot",
            "Googlebot",
            "bingbot",
            "redditbot",
            "Pinterest",
            "Embedly",
            "vkShare",
            "Viber",
            "Snapchat",
            "MicrosoftPreview",
            "BingPreview",
            "Mimecast",
            "Proofpoint",
            "Barracuda",
            "curl/",
            "python-requests",
            "Go-http-client"
        })
        List<String> previewUserAgents) {

    /**
     * The played ranges an honest player can report: no more than the tutorial's length, and no
     * faster than the time its session has been open, at up to {@code maxRate} (the player's speed
     * control), each with a tolerance of {@code slack} plus {@code slackPercent} %.
     */
    public record Played(
            @DefaultValue("2.0") double maxRate,
            @DefaultValue("2s") Duration slack,
            @DefaultValue("10") double slackPercent) {

        /** {@code seconds} with the tolerance added. */
        public double withSlack(double seconds) {
            return seconds * (1 + slackPercent / 100) + slack.toMillis() / 1000.0;
        }
    }

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
