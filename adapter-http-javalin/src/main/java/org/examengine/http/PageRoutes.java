package org.examengine.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;

/**
 * The browser pages: plain HTML, CSS and JavaScript modules from the classpath, no build step. Every page is a
 * static shell whose script reads the ids from the address and talks to the JSON API and the push channels with
 * the login cookie; a page opened without a login sends the browser to {@code /login?next=...}.
 *
 * <ul>
 *   <li>{@code /login}: paste a token; redirects by role (or to {@code next}).</li>
 *   <li>{@code /assessments}: HC search over the assessment history, linking to each monitoring page.</li>
 *   <li>{@code /assessments/{assessmentId}/monitor}: HC live monitoring with actions.</li>
 *   <li>{@code /exam/{sessionId}}: the worker's exam; {@code /exam-offline.js} is its service worker, which opens
 *   the page from the browser's copy while the server cannot be reached.</li>
 *   <li>{@code /result/{sessionId}}: a closed session's result.</li>
 * </ul>
 * Pages and assets carry a strict Content-Security-Policy (same-origin scripts, styles and connections only, no
 * inline code) and are revalidated by {@code ETag} on every load, so a new release is picked up at once. These
 * routes are not part of the JSON API and not in its OpenAPI document.
 */
final class PageRoutes {

    private static final String ROOT = "/org/examengine/http/pages/";
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'; object-src 'none'";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String[] ASSETS = {"app.css", "common.js", "login.js", "assessments.js", "monitor.js",
        "exam.js", "result.js", "icon.svg"};

    /** A file held in memory with its media type and strong validator. */
    private record Resource(byte[] body, String type, String etag) {
    }

    private PageRoutes() {
    }

    static void register(RoutesConfig routes) {
        Resource login = load("login.html");
        Resource assessments = load("assessments.html");
        Resource monitor = load("monitor.html");
        Resource exam = load("exam.html");
        Resource result = load("result.html");
        Resource offline = load("exam-offline.js");
        Map<String, Resource> assets = new HashMap<>();
        for (String name : ASSETS) {
            assets.put(name, load(name));
        }

        page(routes, "/", ctx -> ctx.redirect("/login"));
        page(routes, "/login", ctx -> serve(ctx, login));
        // The login form sent without its script (JavaScript off, or not loaded yet) carries nothing: back to it.
        routes.post("/login", ctx -> ctx.redirect("/login", HttpStatus.SEE_OTHER));
        page(routes, "/assessments", ctx -> serve(ctx, assessments));
        page(routes, "/assessments/{assessmentId}/monitor", ctx -> serve(ctx, monitor));
        page(routes, "/exam/{sessionId}", ctx -> serve(ctx, exam));
        // At the root, so that it may serve the scope /exam/ (a worker's scope is at most its own folder).
        page(routes, "/exam-offline.js", ctx -> serve(ctx, offline));
        page(routes, "/result/{sessionId}", ctx -> serve(ctx, result));
        page(routes, "/assets/{file}", ctx -> {
            Resource asset = assets.get(ctx.pathParam("file"));
            if (asset == null) {
                throw new HttpProblem(404, HttpProblem.ROUTE_NOT_FOUND, "no such asset");
            }
            serve(ctx, asset);
        });
    }

    /** GET, and HEAD answering the same status and headers without the body. */
    private static void page(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }

    private static void serve(Context ctx, Resource resource) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", resource.etag());
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(resource.etag())) {
            ctx.status(304);
            return;
        }
        ctx.status(200).contentType(resource.type()).result(resource.body());
    }

    private static Resource load(String name) {
        try (InputStream in = PageRoutes.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the page resource " + name + " is missing from the jar");
            }
            byte[] body = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return new Resource(body, type, "\"" + digest(body) + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
