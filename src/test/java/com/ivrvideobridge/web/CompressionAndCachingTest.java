package com.ivrvideobridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.ivrvideobridge.testbed.BridgeIntegrationTest;
import com.ivrvideobridge.testbed.GenesysStubs;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a caller on a slow network downloads: text compressed, the browser libraries cached for a
 * year under versioned URLs (and served from their pre-compressed copies), the landing document
 * never stored anywhere.
 */
class CompressionAndCachingTest extends BridgeIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private VendorLibraries vendor;

    @Test
    void theHlsLibraryIsCachedForAYearAndServedPreCompressed() throws Exception {
        String path = vendor.path("hls.js");
        assertThat(path).matches("/vendor/hls\\.js@\\d+\\.\\d+\\.\\d+/hls\\.light\\.min\\.js");

        HttpResponse<byte[]> plain = fetch(url(path).toString());
        HttpResponse<byte[]> gzip = fetch(url(path).toString(), "Accept-Encoding", "gzip");
        HttpResponse<byte[]> brotli = fetch(url(path).toString(), "Accept-Encoding", "gzip, deflate, br");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Cache-Control")).hasValue("max-age=31536000, public, immutable");
        // The page's integrity attribute holds: the browser would refuse anything else.
        assertThat("sha384-"
                        + Base64.getEncoder()
                                .encodeToString(
                                        MessageDigest.getInstance("SHA-384").digest(plain.body())))
                .isEqualTo(vendor.integrity("hls.js"));
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes())
                .isEqualTo(plain.body());
        assertThat(gzip.body().length).isLessThan(plain.body().length / 3);
        assertThat(brotli.headers().firstValue("Content-Encoding")).hasValue("br");
        assertThat(brotli.body().length).isLessThan(gzip.body().length);
        assertThat(brotli.headers().allValues("Vary")).anyMatch(v -> v.contains("Accept-Encoding"));
    }

    @Test
    void theLandingPageIsCompressedAndNeverStored() throws Exception {
        GenesysStubs.allSucceed();
        String handoffId = offerToAPhoneBrowser();

        HttpResponse<byte[]> page = fetch(
                url("/w/" + linkToken(handoffId)).toString(), "Accept-Encoding", "gzip", "User-Agent", PHONE_BROWSER);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        String html = new String(new GZIPInputStream(new ByteArrayInputStream(page.body())).readAllBytes());
        assertThat(html).contains("<script>").contains("data-hls-src=\"" + vendor.path("hls.js") + "\"");
        // Everything before Start in one small answer: the page with its style and script.
        assertThat(page.body().length).isLessThan(8 * 1024);
    }

    @Test
    void staticFilesWithUnversionedNamesAreRevalidated() throws Exception {
        HttpResponse<byte[]> script = fetch(
                url("/dashboard/dashboard.js").toString(),
                "Accept-Encoding",
                "gzip",
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("ops:" + API_KEY).getBytes()));

        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(script.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }
}
