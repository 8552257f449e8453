package com.ivrvideobridge.channel;

import com.ivrvideobridge.handoff.HandoffRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision rule: when every condition it sets holds, the handoff goes to {@code channel}.
 * Conditions left unset match anything.
 */
public class ChannelRule {

    /** Shown in the handoff's history, so operators can see which rule decided. */
    private String name = "";
    /** {@code web}, {@code sms} or {@code agent}. */
    private String channel = "";
    /** Device types this rule applies to; empty for any. */
    private List<String> deviceTypes = new ArrayList<>();

    private Boolean videoCapable;
    private Boolean messagingSession;
    private Boolean phoneNumber;

    boolean matches(HandoffRequest call) {
        return (deviceTypes.isEmpty() || deviceTypes.contains(call.deviceType()))
                && (videoCapable == null || videoCapable == call.hasVideoCapability())
                && (messagingSession == null || messagingSession == call.hasMessagingSession())
                && (phoneNumber == null || phoneNumber == call.hasPhoneNumber());
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getChannel() {
        return channel;
    }

    public void setChannel(String channel) {
        this.channel = channel;
    }

    public List<String> getDeviceTypes() {
        return deviceTypes;
    }

    public void setDeviceTypes(List<String> deviceTypes) {
        this.deviceTypes = deviceTypes;
    }

    public Boolean getVideoCapable() {
        return videoCapable;
    }

    public void setVideoCapable(Boolean videoCapable) {
        this.videoCapable = videoCapable;
    }

    public Boolean getMessagingSession() {
        return messagingSession;
    }

    public void setMessagingSession(Boolean messagingSession) {
        this.messagingSession = messagingSession;
    }

    public Boolean getPhoneNumber() {
        return phoneNumber;
    }

    public void setPhoneNumber(Boolean phoneNumber) {
        this.phoneNumber = phoneNumber;
    }
}
