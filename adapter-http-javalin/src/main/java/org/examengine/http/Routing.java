package org.examengine.http;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import org.examengine.application.ExamEngine;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

/**
 * What every {@code *Routes} class needs: route registration (recorded, so a test can hold the routes against
 * the OpenAPI document), the caller's identity, and strict request parsing with size and media type limits.
 */
final class Routing {

    /** A declared route, e.g. {@code POST /api/sessions/{sessionId}/answers}. */
    record Route(String method, String path) {
    }

    private static final long DRAIN_LIMIT = 16L * 1024 * 1024;

    final ExamEngine engine;
    final Json json;
    final Identity identity;
    private final RoutesConfig routes;
    private final List<Route> declared = new ArrayList<>();
    private final int maxBodyBytes;
    private final int maxImportBytes;

    Routing(RoutesConfig routes, ExamEngine engine, Json json, Identity identity, int maxBodyBytes,
            int maxImportBytes) {
        this.routes = routes;
        this.engine = engine;
        this.json = json;
        this.identity = identity;
        this.maxBodyBytes = maxBodyBytes;
        this.maxImportBytes = maxImportBytes;
    }

    /** A GET route; HEAD runs the same handler, checks included, and answers its status and headers only. */
    void get(String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
        declared.add(new Route("GET", path));
    }

    /**
     * A POST route for an action without parameters: once the caller is known, a body other than none or
     * {@code {}} is refused before the action runs.
     */
    void action(String path, Handler handler) {
        post(path, ctx -> {
            actor(ctx);
            noBody(ctx);
            handler.handle(ctx);
        });
    }

    void post(String path, Handler handler) {
        routes.post(path, handler);
        declared.add(new Route("POST", path));
    }

    void delete(String path, Handler handler) {
        routes.delete(path, handler);
        declared.add(new Route("DELETE", path));
    }

    /** A WebSocket route; {@code beforeUpgrade} authenticates and authorizes before the handshake completes. */
    void ws(String path, Handler beforeUpgrade, Consumer<WsConfig> socket) {
        routes.wsBeforeUpgrade(path, beforeUpgrade);
        routes.ws(path, socket);
        declared.add(new Route("GET", path));
    }

    List<Route> declared() {
        return List.copyOf(declared);
    }

    Actor actor(Context ctx) {
        return identity.require(ctx);
    }

    /**
     * The caller, who must hold the ADMIN role: checked before the request's body is read, so that a caller who may
     * never send it is told so rather than what is wrong with the body.
     */
    Actor administrator(Context ctx) {
        Actor actor = actor(ctx);
        if (!actor.role().mayAdminister()) {
            throw new ExamException(ErrorCode.FORBIDDEN, "this needs the ADMIN role");
        }
        return actor;
    }

    SessionId sessionId(Context ctx) {
        return SessionId.of(ctx.pathParam("sessionId"));
    }

    AssessmentId assessmentId(Context ctx) {
        return AssessmentId.of(ctx.pathParam("assessmentId"));
    }

    /** The JSON body of an ordinary request (at most the small body limit). */
    <T> T body(Context ctx, Class<T> type) {
        return json.read(bytes(ctx, maxBodyBytes), type);
    }

    /** The most a sign-in's body may hold: a token a cookie can carry, in JSON. */
    static final int MAX_LOGIN_BYTES = 8 * 1024;

    /**
     * The JSON body of a request read before its caller is known (signing in): at most {@value #MAX_LOGIN_BYTES}
     * bytes, all of which the server has taken in before a handler runs ({@link ExamHttpServer}); a larger declared
     * body is refused with 413 at once, without reading what an unknown client may be sending slowly.
     */
    <T> T anonymousBody(Context ctx, Class<T> type) {
        long declaredLength = ctx.req().getContentLengthLong();
        if (declaredLength > MAX_LOGIN_BYTES) {
            ctx.header("Connection", "close");
            throw tooLarge(MAX_LOGIN_BYTES);
        }
        return json.read(bytes(ctx, MAX_LOGIN_BYTES), type);
    }

    /** The JSON body of an import or scheduling request (at most the larger import limit). */
    <T> T importBody(Context ctx, Class<T> type) {
        return json.read(bytes(ctx, maxImportBytes), type);
    }

    /** An empty JSON object: the body an action without parameters accepts, besides none. */
    private record NoBody() {
    }

    /**
     * Refuses a body for an action that takes no parameters, unless it is empty or {@code {}}: a field sent there
     * would otherwise be ignored without a word.
     *
     * @throws ExamException {@code INVALID_INPUT} naming the first field, or for a body that is not an object
     */
    void noBody(Context ctx) {
        optionalBody(ctx, NoBody.class);
    }

    /** The JSON body when one was sent, else null. */
    <T> T optionalBody(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx, maxBodyBytes);
        return body.length == 0 ? null : json.read(body, type);
    }

    /**
     * Reads the raw body, refusing more than {@code limit} bytes with 413 (by the declared length before
     * reading, and while reading for chunked bodies) and a non-JSON media type with 415.
     */
    private byte[] bytes(Context ctx, int limit) {
        long declaredLength = ctx.req().getContentLengthLong();
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            if (declaredLength > limit) {
                drain(in);
                throw tooLarge(limit);
            }
            body = declaredLength >= 0 ? exactly(in, (int) declaredLength) : in.readNBytes(limit + 1);
            if (body.length > limit) {
                drain(in);
                throw tooLarge(limit);
            }
        } catch (IOException e) {
            throw ExamException.invalid("the request body could not be read");
        }
        if (body.length > 0 && !isJson(ctx.header("Content-Type"))) {
            throw new HttpProblem(415, HttpProblem.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json");
        }
        return body;
    }

    /** Reads a body of a declared length into one array of that size (the common case: no copying). */
    private static byte[] exactly(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new IOException("the body ended after " + read + " of " + length + " bytes");
        }
        return body;
    }

    /**
     * Reads and discards the rest of an oversized body (up to {@value #DRAIN_LIMIT} bytes), so that a client still
     * sending it reads the 413 instead of a reset connection; beyond that the connection is simply closed.
     */
    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] sink = new byte[16 * 1024];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return new HttpProblem(413, HttpProblem.PAYLOAD_TOO_LARGE, "the body is larger than " + limit + " bytes");
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    static String query(Context ctx, String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? null : value;
    }

    static LocalDate date(Context ctx, String name) {
        String value = query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ExamException.invalid(name + " must be a date like 2026-03-02");
        }
    }

    static Integer integer(Context ctx, String name) {
        String value = query(ctx, name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw ExamException.invalid(name + " must be a whole number");
        }
    }

    /**
     * A field a body may name in two ways: the value given, or null when neither is.
     *
     * @throws ExamException {@code INVALID_INPUT} when both are given with different values
     */
    static String oneOf(String name, String value, String otherName, String otherValue) {
        if (value != null && otherValue != null && !value.equals(otherValue)) {
            throw ExamException.invalid(name + " and " + otherName + " are the same field and differ; give one");
        }
        return value != null ? value : otherValue;
    }
}
