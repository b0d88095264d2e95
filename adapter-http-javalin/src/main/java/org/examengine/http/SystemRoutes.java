package org.examengine.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Operations: {@code /health} (no authentication: 200 and {@code UP} while the storage answers, 503 and {@code DOWN}
 * when it does not, as after an embedded database closed itself on a full disk), {@code /metrics} (Prometheus text
 * format, no authentication: expose it only where the scraper can reach it) and the OpenAPI document of the JSON API.
 */
final class SystemRoutes {

    static final String OPENAPI_RESOURCE = "/org/examengine/http/openapi.json";

    record Health(String status, String storage, long uptimeSeconds, int pushWatchers) {
    }

    private SystemRoutes() {
    }

    static void register(Routing r, Metrics metrics, Clock clock, IntSupplier watchers, BooleanSupplier storage) {
        byte[] openapi = load();
        Instant startedAt = clock.instant();
        r.get("/health", ctx -> {
            boolean up = storage.getAsBoolean();
            ctx.header("Cache-Control", "no-store");
            r.json.respond(ctx, up ? 200 : 503, new Health(up ? "UP" : "DOWN", up ? "UP" : "DOWN",
                    Duration.between(startedAt, clock.instant()).toSeconds(), watchers.getAsInt()));
        });
        r.get("/metrics", ctx -> ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        r.get("/api/openapi.json", ctx -> ctx.status(200).contentType("application/json").result(openapi));
    }

    static byte[] load() {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
