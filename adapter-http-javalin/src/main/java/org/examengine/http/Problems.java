package org.examengine.http;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 {@code application/problem+json} body with {@code type}, {@code title},
 * {@code status}, {@code detail} and the stable {@code code}. Engine codes map to a status through their
 * {@link ErrorCode.Kind} in the one table below; unexpected exceptions become a 500 whose body carries only an
 * incident id that the server log repeats next to the stack trace.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:examengine:problem:";
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** The one mapping of engine error kinds to HTTP statuses. */
    private static final Map<ErrorCode.Kind, Integer> STATUS_BY_KIND = new EnumMap<>(Map.of(
            ErrorCode.Kind.INVALID, 400,
            ErrorCode.Kind.UNAUTHENTICATED, 401,
            ErrorCode.Kind.FORBIDDEN, 403,
            ErrorCode.Kind.NOT_FOUND, 404,
            ErrorCode.Kind.REFUSED, 409,
            ErrorCode.Kind.UNAVAILABLE, 503));

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(409, "Conflict"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"), Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    private final Json json;
    private final SecureRandom random = new SecureRandom();

    Problems(Json json) {
        this.json = json;
    }

    /** The problem body. */
    record Problem(String type, String title, int status, String detail, String code) {
    }

    static int status(ErrorCode code) {
        return STATUS_BY_KIND.get(code.kind());
    }

    void engine(ExamException e, Context ctx) {
        int status = status(e.code());
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        } else if (status == 503) {
            // Nothing was changed; a database coming back or a connection coming free is a matter of seconds.
            ctx.header("Retry-After", "1");
        }
        write(ctx, status, e.code().name(), e.getMessage());
    }

    void http(HttpProblem e, Context ctx) {
        e.headers().forEach(ctx::header);
        write(ctx, e.status(), e.code(), e.getMessage());
    }

    /** Javalin's own refusals (for example a body over its size limit). */
    void javalin(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        if (status == 405) {
            // The methods the path serves, as a 405 must say (RFC 9110).
            String allowed = e.getDetails().getOrDefault("availableMethods", e.getDetails().get("Available methods"));
            if (allowed != null) {
                ctx.header("Allow", allowed);
            }
        }
        write(ctx, status, codeFor(status), status >= 500 ? "the request could not be completed" : e.getMessage());
    }

    /** The code of a refusal made by Javalin or Jetty rather than by the engine, from its status. */
    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> HttpProblem.ROUTE_NOT_FOUND;
            case 405 -> HttpProblem.METHOD_NOT_ALLOWED;
            case 413 -> HttpProblem.PAYLOAD_TOO_LARGE;
            case 414 -> HttpProblem.URI_TOO_LONG;
            case 415 -> HttpProblem.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HttpProblem.HEADERS_TOO_LARGE;
            default -> status >= 500 ? HttpProblem.INTERNAL_ERROR : ErrorCode.INVALID_INPUT.name();
        };
    }

    void unexpected(Exception e, Context ctx) {
        byte[] id = new byte[8];
        random.nextBytes(id);
        String incident = HexFormat.of().formatHex(id);
        LOG.error("incident {} on {} {}", incident, ctx.method(), ctx.path(), e);
        write(ctx, 500, HttpProblem.INTERNAL_ERROR, "unexpected error, incident " + incident);
    }

    /**
     * The problem body for a request that Jetty refused before any route ran (a malformed request line or escape,
     * a URI or headers too large): the same document, with a code for its status.
     */
    byte[] edgeBody(int status, String detail) {
        String code = codeFor(status);
        String text = status >= 500 || detail == null || detail.isBlank() ? TITLES.getOrDefault(status, "Error")
                : detail;
        return json.write(new Problem(TYPE_PREFIX + code, TITLES.getOrDefault(status, "Error"), status, text, code));
    }

    void write(Context ctx, int status, String code, String detail) {
        ctx.header("Cache-Control", "no-store");
        json.respond(ctx, status, MEDIA_TYPE, new Problem(TYPE_PREFIX + code, TITLES.getOrDefault(status, "Error"),
                status, detail, code));
    }

    /** Whether a problem body was already written, so that generic status handlers leave it alone. */
    static boolean written(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(MEDIA_TYPE);
    }
}
