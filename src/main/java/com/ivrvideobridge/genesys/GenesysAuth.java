package com.ivrvideobridge.genesys;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Called by routes right before each Genesys API call: waits for a paced slot and sets the
 * Bearer token. Routes remove every other header first, so nothing inbound leaks out.
 */
@Component("genesysAuth")
public class GenesysAuth {

    /** Marks an exchange whose outbound call is to Genesys, so a retry re-authorises it. */
    static final String GENESYS_CALL = "bridgeGenesysCall";
    /** The token the last attempt used, so a 401 drops exactly that one. */
    static final String TOKEN_USED = "bridgeGenesysTokenUsed";

    private final GenesysToken token;
    private final GenesysPacer pacer;

    public GenesysAuth(GenesysToken token, GenesysPacer pacer) {
        this.token = token;
        this.pacer = pacer;
    }

    /**
     * Takes the exchange: the Bearer header, and the token used kept as a property (a 401 drops that one).
     *
     * @throws GenesysPacer.PacerFullException when too many calls wait for a slot (retried like an outage)
     */
    public void authorize(Exchange exchange) throws GenesysPacer.PacerFullException {
        pacer.acquire();
        String current = token.current();
        exchange.setProperty(GENESYS_CALL, true);
        exchange.setProperty(TOKEN_USED, current);
        exchange.getMessage().setHeader("Authorization", "Bearer " + current);
    }
}
