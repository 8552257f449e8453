package com.ivrvideobridge.handoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code bridge.handoff.*}: what the webhook accepts and how long handoffs and links live. */
@ConfigurationProperties("bridge.handoff")
public class HandoffProperties {

    /** Device types the webhook accepts; anything else is refused with 400 listing these. */
    private List<String> deviceTypes = new ArrayList<>(List.of("desktop", "mobile_web", "mobile_app", "unknown"));
    /** Locale when the call names none; also the fallback for message templates. */
    private String defaultLocale = "en-US";
    /** How long the landing link in the message stays valid. */
    private Duration linkTtl = Duration.ofMinutes(15);
    /** How long a handoff's state is kept in Redis (long after its link expires, for reports). */
    private Duration stateTtl = Duration.ofDays(7);
    /**
     * Most notes a handoff's history keeps: past it notes are dropped (one line says so); state
     * transitions are always kept (the funnel and the agent's note are built from them).
     */
    private int maxHistoryLines = 200;
    /** Also answer the landing link to the webhook's caller: for the local sandbox's simulated IVR call. */
    private boolean answerWithLink;

    public boolean isAnswerWithLink() {
        return answerWithLink;
    }

    public void setAnswerWithLink(boolean answerWithLink) {
        this.answerWithLink = answerWithLink;
    }

    public int getMaxHistoryLines() {
        return maxHistoryLines;
    }

    public void setMaxHistoryLines(int maxHistoryLines) {
        this.maxHistoryLines = maxHistoryLines;
    }

    public List<String> getDeviceTypes() {
        return deviceTypes;
    }

    public void setDeviceTypes(List<String> deviceTypes) {
        this.deviceTypes = deviceTypes;
    }

    public String getDefaultLocale() {
        return defaultLocale;
    }

    public void setDefaultLocale(String defaultLocale) {
        this.defaultLocale = defaultLocale;
    }

    public Duration getLinkTtl() {
        return linkTtl;
    }

    public void setLinkTtl(Duration linkTtl) {
        this.linkTtl = linkTtl;
    }

    public Duration getStateTtl() {
        return stateTtl;
    }

    public void setStateTtl(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }
}
