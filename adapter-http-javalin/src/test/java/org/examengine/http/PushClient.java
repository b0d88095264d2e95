package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/** A WebSocket test client that keeps every JSON message it receives. */
final class PushClient implements AutoCloseable {

    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    volatile int closeCode = -1;

    private PushClient(HttpClient http, URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        messages.add(HttpTestBed.MAPPER.readTree(partial.toString()));
                    } catch (IOException e) {
                        throw new IllegalStateException("not JSON: " + partial, e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeCode = statusCode;
                return null;
            }
        }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static PushClient connect(HttpTestBed bed, String path, String token) {
        return new PushClient(bed.http, bed.ws(path), token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    static PushClient connect(HttpTestBed bed, String path, Map<String, String> headers) {
        return new PushClient(bed.http, bed.ws(path), headers);
    }

    /** Connects to {@code node}, another server of the bed's deployment, with {@code token}. */
    static PushClient connect(HttpTestBed bed, ExamHttpServer node, String path, String token) {
        return new PushClient(bed.http, URI.create("ws://127.0.0.1:" + node.port() + path),
                Map.of("Authorization", "Bearer " + token));
    }

    /** Waits (at most 20 s, for a loaded machine) for a message matching {@code test} and returns it. */
    JsonNode await(Predicate<JsonNode> test) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (JsonNode m : messages) {
                if (test.test(m)) {
                    return m;
                }
            }
            sleep(10);
        }
        throw new AssertionError("no matching message within 20 s; received " + messages);
    }

    /** Waits (at most 20 s) for the server to close the socket and returns the close code. */
    int awaitClose() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (closeCode == -1 && System.nanoTime() < deadline) {
            sleep(10);
        }
        if (closeCode == -1) {
            throw new AssertionError("the socket was not closed within 20 s");
        }
        return closeCode;
    }

    /** Runs {@code connect}, which must be refused at the handshake, and returns the refusal's status. */
    static int handshakeStatus(Supplier<PushClient> connect) {
        Throwable thrown = catchThrowable(() -> connect.get().close());
        assertThat(thrown).isNotNull();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof WebSocketHandshakeException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("handshake refusal, got %s", thrown).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) cause).getResponse().statusCode();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
