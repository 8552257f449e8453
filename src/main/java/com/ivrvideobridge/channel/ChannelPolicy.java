package com.ivrvideobridge.channel;

import com.ivrvideobridge.handoff.Handoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The decide-channel step: {@code bridge.channel.rules}, in order, first match wins. The defaults
 * (config/application.yml) are the seed's rules: a video-capable desktop or mobile web session
 * with an active messaging conversation gets a web push; otherwise a phone gets an SMS; with
 * neither, an agent. Ops change the rules in configuration, not code.
 */
@Component("channelPolicy")
@ConfigurationProperties("bridge.channel")
public class ChannelPolicy {

    private static final Set<String> CHANNELS = Set.of("web", "sms", "agent");

    private List<ChannelRule> rules = new ArrayList<>();

    public Handoff decide(Handoff handoff) {
        for (ChannelRule rule : rules) {
            if (rule.matches(handoff.call())) {
                return handoff.withChannel(rule.getChannel());
            }
        }
        return handoff.withChannel("agent");
    }

    public List<ChannelRule> getRules() {
        return rules;
    }

    public void setRules(List<ChannelRule> rules) {
        for (ChannelRule rule : rules) {
            if (!CHANNELS.contains(rule.getChannel())) {
                throw new IllegalArgumentException("bridge.channel.rules '" + rule.getName()
                        + "': channel must be one of " + CHANNELS + ", not '" + rule.getChannel() + "'");
            }
        }
        this.rules = rules;
    }
}
