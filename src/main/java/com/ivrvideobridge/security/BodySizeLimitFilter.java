package com.ivrvideobridge.security;

import com.ivrvideobridge.web.ApiException;
import com.ivrvideobridge.web.JsonErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.util.Arrays;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API request bodies over {@code bridge.security.max-body-bytes} with 413 before any
 * route reads them, whether the client declared a Content-Length or streamed the body chunked.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final int maxBodyBytes;
    private final JsonErrorWriter errors;

    public BodySizeLimitFilter(SecurityProperties properties, JsonErrorWriter errors) {
        this.maxBodyBytes = properties.getMaxBodyBytes();
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                && !request.getRequestURI().startsWith("/w/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            reject(response);
            return;
        }
        byte[] body = read(request.getInputStream(), request.getContentLength());
        if (body.length > maxBodyBytes) {
            reject(response);
            return;
        }
        chain.doFilter(new BufferedBodyRequest(request, body), response);
    }

    private void reject(HttpServletResponse response) throws IOException {
        errors.write(
                response,
                new ApiException(
                        413, "body_too_large", null, "Request body exceeds the limit of " + maxBodyBytes + " bytes"));
    }

    /**
     * The body, at most one byte over the limit. A declared length (within the limit, checked
     * above) is read into an array of that size; a chunked body in 8 KB steps.
     */
    private byte[] read(InputStream in, int declaredLength) throws IOException {
        if (declaredLength < 0) {
            return in.readNBytes(maxBodyBytes + 1);
        }
        byte[] body = new byte[declaredLength];
        int read = in.readNBytes(body, 0, declaredLength);
        return read == declaredLength ? body : Arrays.copyOf(body, read);
    }

    /** The request with its body already read into memory, so routes can read it as usual. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("body is already buffered");
                }
            };
        }

        /** Decoded at once, with a buffer the size of the body: a reader's default buffers (24 KB) per small JSON call were the webhook's largest garbage. */
        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() != null ? getCharacterEncoding() : "UTF-8";
            String text = new String(body, Charset.forName(encoding));
            return new BufferedReader(new StringReader(text), Math.max(1, text.length()));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
