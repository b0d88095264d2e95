package org.examengine.http;

import java.util.Map;

/**
 * A refusal that belongs to the HTTP edge rather than to the engine (oversized body, wrong media type, rate
 * limit, missing CSRF token, unknown route). Carries its status, a stable code and extra response headers.
 */
final class HttpProblem extends RuntimeException {

    static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    static final String TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS";
    static final String TOO_MANY_SOCKETS = "TOO_MANY_SOCKETS";
    static final String CSRF_TOKEN_INVALID = "CSRF_TOKEN_INVALID";
    static final String ROUTE_NOT_FOUND = "ROUTE_NOT_FOUND";
    static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    static final String URI_TOO_LONG = "URI_TOO_LONG";
    static final String HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    HttpProblem(int status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    HttpProblem(int status, String code, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }
}
