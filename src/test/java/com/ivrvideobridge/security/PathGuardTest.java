package com.ivrvideobridge.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Paths routing would decode or trim past an authentication filter (/%64ashboard, /api;x/...)
 * are refused before any filter or route. Sent over a raw socket: HTTP clients normalise them.
 */
class PathGuardTest extends BridgeIntegrationTest {

    @Test
    void encodedOrParameterisedPathsAreRefused() throws Exception {
        for (String path : new String[] {
            "/%64ashboard/funnel?format=jsonl",
            "/dashboard;x/funnel",
            "/actuator;x/prometheus",
            "/api;x/v1/reports/funnel",
            "/%61pi/v1/handoffs",
            "/api/v1/../v1/ping",
            "//api/v1/ping"
        }) {
            assertThat(statusLine("GET", path)).as(path).contains(" 400 ");
        }
        assertThat(statusLine("GET", "/api/v1/ping")).contains(" 401 ");
        assertThat(statusLine("GET", "/actuator/health")).contains(" 200 ");
    }

    private String statusLine(String method, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n"));
        }
    }
}
