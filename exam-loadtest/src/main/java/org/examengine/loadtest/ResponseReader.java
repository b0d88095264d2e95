package org.examengine.loadtest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads HTTP/1.1 answers from the bytes of one connection as they arrive, in whatever pieces the socket gives
 * them: the status line, the few headers the harness needs, and the body by {@code Content-Length}, chunked, or
 * up to the end of the connection. Shared by the blocking {@link HttpConnection} and the non-blocking
 * {@link HttpLoop}, so that both read answers the same way.
 */
final class ResponseReader {

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private byte[] buffer = new byte[8_192];
    private int start;
    private int end;
    private boolean closeAfter;

    /** Space to receive into; {@link #received(int)} says how much of it was filled. */
    ByteBuffer space() {
        if (buffer.length - end < 4_096) {
            int kept = end - start;
            if (start > 0 && buffer.length - kept >= 4_096) {
                System.arraycopy(buffer, start, buffer, 0, kept);
            } else {
                buffer = Arrays.copyOfRange(buffer, start, Math.max(buffer.length * 2, kept + 8_192));
            }
            start = 0;
            end = kept;
        }
        return ByteBuffer.wrap(buffer, end, buffer.length - end);
    }

    void received(int count) {
        end += count;
    }

    /** Whether the last answer read asked for the connection to be closed (or ended with it). */
    boolean closeAfter() {
        return closeAfter;
    }

    /**
     * The next complete answer in what was received, or null while it is incomplete.
     *
     * @param ended whether the server has closed the connection: an answer without a length ends there
     * @throws IOException when the bytes are not an HTTP answer, or the connection ended inside one
     */
    HttpConnection.Response next(boolean ended) throws IOException {
        int headerEnd = indexOf(HEADER_END, start);
        if (headerEnd < 0) {
            if (ended) {
                throw new EOFException(end == start ? "connection closed by the server" : "answer cut short");
            }
            return null;
        }
        String head = new String(buffer, start, headerEnd - start, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf("\r\n");
        String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        String retryAfter = null;
        String etag = null;
        while (lineEnd >= 0) {
            int from = lineEnd + 2;
            lineEnd = head.indexOf("\r\n", from);
            String header = head.substring(from, lineEnd < 0 ? head.length() : lineEnd);
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "retry-after" -> retryAfter = value;
                case "etag" -> etag = value;
                default -> {
                }
            }
        }
        int bodyStart = headerEnd + HEADER_END.length;
        byte[] body;
        int consumedTo;
        if (status == 204 || status == 304) {
            body = new byte[0];
            consumedTo = bodyStart;
        } else if (chunked) {
            long[] decoded = chunks(bodyStart);
            if (decoded == null) {
                if (ended) {
                    throw new EOFException("chunked answer cut short");
                }
                return null;
            }
            body = join(decoded);
            consumedTo = (int) decoded[0];
        } else if (length >= 0) {
            if (end - bodyStart < length) {
                if (ended) {
                    throw new EOFException("body cut short");
                }
                return null;
            }
            body = Arrays.copyOfRange(buffer, bodyStart, bodyStart + (int) length);
            consumedTo = bodyStart + (int) length;
        } else {
            if (!ended) {
                return null;
            }
            body = Arrays.copyOfRange(buffer, bodyStart, end);
            consumedTo = end;
            close = true;
        }
        start = consumedTo;
        if (start == end) {
            start = 0;
            end = 0;
        }
        closeAfter = close;
        return new HttpConnection.Response(status, retryAfter, etag, body);
    }

    /** Forgets whatever was received, for a connection that is opened anew. */
    void reset() {
        start = 0;
        end = 0;
        closeAfter = false;
    }

    /**
     * Walks the chunks from {@code from}: null while incomplete, else the offset after the last chunk's trailer
     * followed by (offset, length) pairs of the chunks' data.
     */
    private long[] chunks(int from) throws IOException {
        long[] found = new long[9];
        int count = 1;
        int at = from;
        while (true) {
            int lineEnd = indexOf(HEADER_END, at, 2);
            if (lineEnd < 0) {
                return null;
            }
            String size = new String(buffer, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int n;
            try {
                n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("not a chunk size: " + size);
            }
            at = lineEnd + 2;
            if (n == 0) {
                while (true) {
                    int trailerEnd = indexOf(HEADER_END, at, 2);
                    if (trailerEnd < 0) {
                        return null;
                    }
                    boolean last = trailerEnd == at;
                    at = trailerEnd + 2;
                    if (last) {
                        found[0] = at;
                        return Arrays.copyOf(found, count);
                    }
                }
            }
            if (end - at < n + 2) {
                return null;
            }
            if (count + 2 > found.length) {
                found = Arrays.copyOf(found, found.length * 2 + 1);
            }
            found[count++] = at;
            found[count++] = n;
            at += n + 2;
        }
    }

    private byte[] join(long[] decoded) {
        int total = 0;
        for (int i = 2; i < decoded.length; i += 2) {
            total += (int) decoded[i];
        }
        byte[] body = new byte[total];
        int at = 0;
        for (int i = 1; i < decoded.length; i += 2) {
            System.arraycopy(buffer, (int) decoded[i], body, at, (int) decoded[i + 1]);
            at += (int) decoded[i + 1];
        }
        return body;
    }

    private int indexOf(byte[] needle, int from) {
        return indexOf(needle, from, needle.length);
    }

    /** Where the first {@code length} bytes of {@code needle} occur in what was received from {@code from}. */
    private int indexOf(byte[] needle, int from, int length) {
        outer:
        for (int i = from; i <= end - length; i++) {
            for (int j = 0; j < length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
