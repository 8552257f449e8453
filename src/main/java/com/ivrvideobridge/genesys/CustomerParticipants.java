package com.ivrvideobridge.genesys;

import com.ivrvideobridge.genesys.CallConversations.CustomerLeg;
import com.ivrvideobridge.handoff.Handoff;
import com.ivrvideobridge.handoff.HandoffStore;
import com.ivrvideobridge.support.ExchangeProperties;
import com.ivrvideobridge.web.ApiException;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * The customer's participant on the voice call, where participant attributes go (the agent sees
 * them). Architect has no built-in variable for it, so the webhook's {@code participantId} is
 * optional: when absent, routes/shared/customer-participant.yaml looks it up once from the call
 * conversation and it is kept with the handoff ({@code customerParticipantId} in its hash).
 */
@Component("customerParticipants")
public class CustomerParticipants {

    public static final String FIELD = "customerParticipantId";

    private final HandoffStore store;
    private final CallConversations calls;

    public CustomerParticipants(HandoffStore store, CallConversations calls) {
        this.store = store;
        this.calls = calls;
    }

    /** The participant id if known (given by Architect, or looked up before), else null. */
    public String known(@ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff) {
        if (handoff.call().participantId() != null) {
            return handoff.call().participantId();
        }
        return store.fields(handoff.id(), List.of(FIELD)).get(FIELD);
    }

    /** The customer participant of the CallConversation in the body, remembered with the handoff. */
    public String remember(
            @ExchangeProperty(ExchangeProperties.HANDOFF) Handoff handoff, @Body String callConversation) {
        CustomerLeg customer = calls.customer(callConversation);
        if (customer == null) {
            throw new ApiException(
                    404,
                    "no_customer_participant",
                    "conversationId",
                    "The call conversation has no customer participant");
        }
        store.tag(handoff.id(), FIELD, customer.participantId());
        return customer.participantId();
    }
}
