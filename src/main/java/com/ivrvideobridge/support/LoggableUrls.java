package com.ivrvideobridge.support;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * A URL as logs, histories and dead-letter headers may show it: scheme, host, port and path only.
 * A configured sink URL may carry its key in the query or user info; a Genesys path never needs either.
 */
public final class LoggableUrls {

    private LoggableUrls() {}

    public static String of(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (URISyntaxException e) {
            int cut = url.indexOf('?');
            return cut < 0 ? url : url.substring(0, cut);
        }
    }
}
