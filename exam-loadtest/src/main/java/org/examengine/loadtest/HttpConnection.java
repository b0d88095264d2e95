package org.examengine.loadtest;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 keep-alive connection over a blocking socket, used by one thread at a time. Kept this small so
 * that the load generator spends as little of the shared CPU as possible per request: it writes the request in
 * one piece and reads the answer with a {@link ResponseReader}. A connection idle for longer than the server's
 * idle timeout is reopened before the next request; one the server closed is reopened on the next call.
 */
final class HttpConnection implements AutoCloseable {

    /** An answer: status, the {@code Retry-After} and {@code ETag} headers when present, and the body. */
    record Response(int status, String retryAfter, String etag, byte[] body) {

        boolean ok() {
            return status / 100 == 2;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final long REOPEN_AFTER_IDLE_NANOS = 15_000_000_000L;

    private final String host;
    private final int port;
    private final byte[] hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long lastUsed;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
    private final ResponseReader reader = new ResponseReader();

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = hostHeader(host, port);
    }

    /**
     * Sends one request and reads its answer.
     *
     * @param bearer      the token for {@code Authorization: Bearer}, or null
     * @param ifNoneMatch an entity tag for {@code If-None-Match}, or null
     * @param body        a JSON body, or null for none
     * @throws IOException when the connection fails; it is closed then and reopened by the next call
     */
    Response send(String method, String path, String bearer, String ifNoneMatch, String body) throws IOException {
        if (socket != null && System.nanoTime() - lastUsed > REOPEN_AFTER_IDLE_NANOS) {
            close();
        }
        if (socket == null) {
            open();
        }
        try {
            request.reset();
            request(request, hostHeader, method, path, bearer, ifNoneMatch, body);
            request.writeTo(out);
            out.flush();
            Response response = read();
            lastUsed = System.nanoTime();
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 5_000);
        s.setSoTimeout(60_000);
        socket = s;
        in = s.getInputStream();
        reader.reset();
        out = new BufferedOutputStream(s.getOutputStream(), 4_096);
    }

    /**
     * Writes one request in HTTP/1.1 form to {@code to}.
     *
     * @param hostHeader the whole {@code Host} header line, CRLF included
     */
    static void request(ByteArrayOutputStream to, byte[] hostHeader, String method, String path, String bearer,
                        String ifNoneMatch, String body) {
        ascii(to, method + " " + path + " HTTP/1.1\r\n");
        to.write(hostHeader, 0, hostHeader.length);
        if (bearer != null) {
            ascii(to, "Authorization: Bearer " + bearer + "\r\n");
        }
        if (ifNoneMatch != null) {
            ascii(to, "If-None-Match: " + ifNoneMatch + "\r\n");
        }
        byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        if (payload != null) {
            ascii(to, "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n");
        }
        ascii(to, "Accept: application/json\r\n\r\n");
        if (payload != null) {
            to.write(payload, 0, payload.length);
        }
    }

    static byte[] hostHeader(String host, int port) {
        return ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void ascii(ByteArrayOutputStream to, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        to.write(bytes, 0, bytes.length);
    }

    private Response read() throws IOException {
        while (true) {
            Response response = reader.next(false);
            if (response == null) {
                ByteBuffer space = reader.space();
                int n = in.read(space.array(), space.arrayOffset() + space.position(), space.remaining());
                if (n < 0) {
                    response = reader.next(true);
                } else {
                    reader.received(n);
                    continue;
                }
            }
            if (reader.closeAfter()) {
                close();
            }
            return response;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to release
            }
            socket = null;
        }
    }
}
