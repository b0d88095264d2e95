package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class AnswersAreReadWhateverPiecesTheyArriveInTest {

    private static final String TWO_ANSWERS = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 14\r\nETag: \"v7\"\r\n\r\n{\"saved\":true}"
            + "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\n{\"a\":\r\n3;x=y\r\n12}\r\n0\r\nTrailer: t\r\n\r\n"
            + "HTTP/1.1 304 Not Modified\r\nETag: \"v7\"\r\n\r\n";

    @Test
    void answersSplitAtEveryByteAreReadWhole() throws IOException {
        ResponseReader reader = new ResponseReader();
        List<HttpConnection.Response> read = new ArrayList<>();
        for (byte b : TWO_ANSWERS.getBytes(StandardCharsets.US_ASCII)) {
            ByteBuffer space = reader.space();
            space.put(b);
            reader.received(1);
            for (HttpConnection.Response r = reader.next(false); r != null; r = reader.next(false)) {
                read.add(r);
            }
        }
        assertThat(read).hasSize(3);
        assertThat(read.get(0).status()).isEqualTo(200);
        assertThat(read.get(0).etag()).isEqualTo("\"v7\"");
        assertThat(read.get(0).text()).isEqualTo("{\"saved\":true}");
        assertThat(read.get(1).status()).isEqualTo(429);
        assertThat(read.get(1).retryAfter()).isEqualTo("2");
        assertThat(read.get(1).text()).isEqualTo("{\"a\":12}");
        assertThat(read.get(2).status()).isEqualTo(304);
        assertThat(read.get(2).body()).isEmpty();
    }

    @Test
    void aBodyLargerThanTheBufferIsReadWhole() throws IOException {
        String body = "x".repeat(300_000);
        ResponseReader reader = new ResponseReader();
        byte[] bytes = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
        HttpConnection.Response r = null;
        for (int at = 0; at < bytes.length && r == null; ) {
            ByteBuffer space = reader.space();
            int n = Math.min(space.remaining(), bytes.length - at);
            space.put(bytes, at, n);
            reader.received(n);
            at += n;
            r = reader.next(false);
        }
        assertThat(r).isNotNull();
        assertThat(r.text()).isEqualTo(body);
    }

    @Test
    void anAnswerWithoutLengthEndsWithTheConnection() throws IOException {
        ResponseReader reader = new ResponseReader();
        feed(reader, "HTTP/1.1 500 Server Error\r\nConnection: close\r\n\r\noops");
        assertThat(reader.next(false)).isNull();
        HttpConnection.Response r = reader.next(true);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.text()).isEqualTo("oops");
        assertThat(reader.closeAfter()).isTrue();
    }

    @Test
    void aConnectionClosedInsideAnAnswerIsAnError() throws IOException {
        ResponseReader reader = new ResponseReader();
        feed(reader, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort");
        assertThat(reader.next(false)).isNull();
        assertThatThrownBy(() -> reader.next(true)).isInstanceOf(EOFException.class);
    }

    @Test
    void somethingOtherThanHttpIsAnError() {
        ResponseReader reader = new ResponseReader();
        feed(reader, "SSH-2.0-OpenSSH\r\n\r\n");
        assertThatThrownBy(() -> reader.next(false)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an HTTP answer");
    }

    private static void feed(ResponseReader reader, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        reader.space().put(bytes);
        reader.received(bytes.length);
    }
}
