package org.examengine.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.javalin.http.Context;

/**
 * Whether a browser request comes from this server's own pages, by its {@code Origin}: the origin's host and port
 * must be the request's {@code Host}, the host a proxy in front forwarded ({@code X-Forwarded-Host}, or
 * {@code host=} of {@code Forwarded}), or one of the public origins the server was configured with. A page of
 * another site cannot set any of these headers on a browser's WebSocket upgrade, so none of them lets it pass.
 */
final class PageOrigins {

    private final Set<String> configured;

    private PageOrigins(Set<String> configured) {
        this.configured = configured;
    }

    /**
     * @param publicOrigins origins such as {@code https://exam.example.com} at which browsers reach the pages
     * @throws IllegalArgumentException for one that is not {@code http} or {@code https} with a host and no path
     */
    static PageOrigins of(Collection<String> publicOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : publicOrigins) {
            origins.add(normalized(origin).orElseThrow(() -> new IllegalArgumentException(
                    "a public origin is scheme://host[:port] with http or https and no path, not '" + origin + "'")));
        }
        return new PageOrigins(Set.copyOf(origins));
    }

    /** True for a request without {@code Origin} (not a browser's) and for one from this server's pages. */
    boolean admits(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            // Non-browser clients send no Origin; browsers always do on a WebSocket upgrade.
            return true;
        }
        Optional<String> normalized = normalized(origin);
        if (normalized.isEmpty()) {
            return false;
        }
        if (configured.contains(normalized.get())) {
            return true;
        }
        String authority = normalized.get().substring(normalized.get().indexOf("://") + 3);
        String port = normalized.get().startsWith("https:") ? ":443" : ":80";
        return sameAuthority(authority, port, ctx.header("Host"))
                || sameAuthority(authority, port, firstValue(ctx.header("X-Forwarded-Host")))
                || sameAuthority(authority, port, forwardedHost(ctx.header("Forwarded")));
    }

    private static boolean sameAuthority(String originAuthority, String defaultPort, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String candidate = host.strip().toLowerCase(Locale.ROOT);
        return candidate.equals(originAuthority) || candidate.equals(originAuthority + defaultPort);
    }

    /** The first of a comma-separated list of values, each added by one proxy; the first is the client's. */
    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return comma < 0 ? header : header.substring(0, comma);
    }

    /** {@code host} of the first element of an RFC 7239 {@code Forwarded} header, unquoted. */
    private static String forwardedHost(String header) {
        String first = firstValue(header);
        if (first == null) {
            return null;
        }
        for (String pair : first.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equalsIgnoreCase("host")) {
                String value = pair.substring(equals + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** {@code scheme://host[:port]} in lower case, the scheme's default port left out; empty if not an origin. */
    private static Optional<String> normalized(String origin) {
        URI uri;
        try {
            uri = new URI(origin.strip());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !pathless
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return Optional.of(scheme + "://" + host + (uri.getPort() < 0 || uri.getPort() == defaultPort ? ""
                : ":" + uri.getPort()));
    }
}
