package io.conversion.sync.emulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Lets a request be performed while its response is held back: the handler writes to this instead of the client
 * connection. Used by the "applied, answer lost" faults, which then answer 503 or send the captured response late.
 */
final class DetachedExchange extends HttpExchange {
    private final HttpExchange real;
    private final Headers responseHeaders = new Headers();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = -1;

    DetachedExchange(HttpExchange real) {
        this.real = real;
    }

    /** Sends the captured response on the real connection. */
    void forward() throws IOException {
        real.getResponseHeaders().putAll(responseHeaders);
        byte[] bytes = body.toByteArray();
        if (status == 204 || bytes.length == 0) {
            real.sendResponseHeaders(status, -1);
        } else {
            real.sendResponseHeaders(status, bytes.length);
            try (OutputStream os = real.getResponseBody()) {
                os.write(bytes);
            }
        }
        real.close();
    }

    @Override public Headers getRequestHeaders() { return real.getRequestHeaders(); }
    @Override public Headers getResponseHeaders() { return responseHeaders; }
    @Override public URI getRequestURI() { return real.getRequestURI(); }
    @Override public String getRequestMethod() { return real.getRequestMethod(); }
    @Override public HttpContext getHttpContext() { return real.getHttpContext(); }
    @Override public void close() { }
    @Override public InputStream getRequestBody() { return real.getRequestBody(); }
    @Override public OutputStream getResponseBody() { return body; }
    @Override public void sendResponseHeaders(int rCode, long responseLength) { status = rCode; }
    @Override public InetSocketAddress getRemoteAddress() { return real.getRemoteAddress(); }
    @Override public int getResponseCode() { return status; }
    @Override public InetSocketAddress getLocalAddress() { return real.getLocalAddress(); }
    @Override public String getProtocol() { return real.getProtocol(); }
    @Override public Object getAttribute(String name) { return real.getAttribute(name); }
    @Override public void setAttribute(String name, Object value) { real.setAttribute(name, value); }
    @Override public void setStreams(InputStream i, OutputStream o) { throw new UnsupportedOperationException(); }
    @Override public HttpPrincipal getPrincipal() { return real.getPrincipal(); }
}
