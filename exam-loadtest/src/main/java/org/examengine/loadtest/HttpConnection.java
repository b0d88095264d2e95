package org.examengine.loadtest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection over a blocking socket, used by one thread at a time. Kept this small so
 * that the load generator spends as little of the shared CPU as possible per request: it writes the request in
 * one piece and reads the status line, the few headers the harness needs, and the body (by
 * {@code Content-Length} or chunked). A connection idle for longer than the server's idle timeout is reopened
 * before the next request; one the server closed is reopened on the next call.
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

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
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
            ascii(method + " " + path + " HTTP/1.1\r\n");
            request.write(hostHeader);
            if (bearer != null) {
                ascii("Authorization: Bearer " + bearer + "\r\n");
            }
            if (ifNoneMatch != null) {
                ascii("If-None-Match: " + ifNoneMatch + "\r\n");
            }
            byte[] payload = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            if (payload != null) {
                ascii("Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n");
            }
            ascii("Accept: application/json\r\n\r\n");
            if (payload != null) {
                request.write(payload);
            }
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
        in = new BufferedInputStream(s.getInputStream(), 16_384);
        out = new BufferedOutputStream(s.getOutputStream(), 4_096);
    }

    private void ascii(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        request.write(bytes, 0, bytes.length);
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String retryAfter = null;
        String etag = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                case "retry-after" -> retryAfter = value;
                case "etag" -> etag = value;
                default -> {
                }
            }
        }
        byte[] body;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = chunks();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new EOFException("body cut short");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, retryAfter, etag, body);
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semicolon = size.indexOf(';');
            int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(n);
            if (chunk.length < n) {
                throw new EOFException("chunk cut short");
            }
            body.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int end = sb.length();
                if (end > 0 && sb.charAt(end - 1) == '\r') {
                    sb.setLength(end - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
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
