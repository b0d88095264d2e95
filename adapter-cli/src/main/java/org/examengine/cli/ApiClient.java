package org.examengine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A small client of the server's JSON API with a bearer token. A problem answer becomes an
 * {@link ExamException} with the server's code when it is one of the engine's, otherwise a
 * {@link RemoteFailure} carrying the HTTP status; a server that cannot be reached becomes an
 * {@link UncheckedIOException} around the connection error.
 */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    /**
     * @throws IllegalArgumentException when {@code base} is not an http:// or https:// address with a host
     */
    ApiClient(String base, String token) {
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("--server must be an http:// or https:// address, e.g. "
                    + "http://127.0.0.1:8080, was " + base);
        }
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    String base() {
        return base;
    }

    String token() {
        return token;
    }

    HttpClient http() {
        return http;
    }

    <T> T get(String path, Class<T> type) {
        return read(send(request(path).GET()), type);
    }

    <T> T get(String path, TypeReference<T> type) {
        try {
            return Output.JSON.readValue(send(request(path).GET()), type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer from " + base + path, e);
        }
    }

    <T> T post(String path, Object body, Class<T> type) {
        return read(send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))), type);
    }

    void delete(String path) {
        send(request(path).DELETE());
    }

    /** The path with its query parameters, leaving out null values. */
    static String query(String path, Map<String, Object> params) {
        StringJoiner q = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        params.forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private String send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() / 100 == 2) {
            return response.body();
        }
        throw problem(response);
    }

    private static RuntimeException problem(HttpResponse<String> response) {
        String code = null;
        String detail = response.body();
        try {
            JsonNode problem = Output.JSON.readTree(response.body());
            code = problem.path("code").asText(null);
            detail = problem.path("detail").asText(problem.path("title").asText(detail));
        } catch (IOException notJson) {
            // A proxy's or a crashed server's page: report the status and what it said.
        }
        if (code != null) {
            for (ErrorCode known : ErrorCode.values()) {
                if (known.name().equals(code)) {
                    return new ExamException(known, detail);
                }
            }
        }
        return new RemoteFailure(response.statusCode(), code, detail);
    }

    private static <T> T read(String body, Class<T> type) {
        if (type == Void.class) {
            return null;
        }
        try {
            return Output.JSON.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unexpected answer: " + e.getMessage(), e);
        }
    }

    private static String json(Object body) {
        try {
            return Output.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server could not be reached or the exchange broke off (refused, reset, timed out, TLS mismatch). */
    static final class Unreachable extends UncheckedIOException {
        Unreachable(String message, IOException cause) {
            super(message, cause);
        }
    }

    /** A refusal of the server's own (not an engine code), with its HTTP status. */
    static final class RemoteFailure extends RuntimeException {
        private final int status;

        RemoteFailure(int status, String code, String detail) {
            super((code == null ? "HTTP " + status : code) + ": " + detail);
            this.status = status;
        }

        int status() {
            return status;
        }

        int exitCode() {
            return switch (status) {
                case 400, 413, 415 -> ExitCodes.USAGE;
                case 404 -> ExitCodes.NOT_FOUND;
                default -> status >= 500 ? ExitCodes.CONNECTION : ExitCodes.REFUSED;
            };
        }
    }
}
