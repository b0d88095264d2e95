package org.examengine.http;

import java.util.Arrays;

import io.javalin.http.Context;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.Actor;

/**
 * The polled monitoring view, by id or by {@code title + category + scheduleDate}. HC or ADMIN only.
 *
 * <p>Each answer carries a weak {@code ETag} made of the group {@code version} (which grows with every committed
 * change) and a digest of what may change without it: each row's displayed status, {@code online} flag and
 * participant name (a scheduling of another group may rename a participant), the group status and whether
 * resets are still allowed. A request whose {@code If-None-Match} matches gets {@code 304 Not Modified} with
 * no body. The tag does not cover {@code asOf} nor {@code remainingSeconds}: the latter follows from the
 * deadline, which is stored and so covered by the version, and the page counts it down by itself.
 *
 * <p>With live updates, a poll of an unchanged group is answered from the {@link MonitoringCache}: a kept answer
 * is dropped by the group's next event and is at most a second old.
 */
final class MonitoringRoutes {

    private MonitoringRoutes() {
    }

    /**
     * @param cache the kept answers, or null to read every poll from storage
     */
    static void register(Routing r, MonitoringCache cache) {
        r.get("/api/assessments/{assessmentId}/monitoring", ctx -> {
            Actor actor = r.actor(ctx);
            AssessmentId id = r.assessmentId(ctx);
            if (cache == null || !actor.role().isStaff()) {
                respond(r, ctx, new MonitoringQuery(actor, AssessmentRef.byId(id)));
                return;
            }
            MonitoringCache.Entry entry = cache.fresh(id);
            if (entry == null) {
                long changes = cache.changes(id);
                long readAt = cache.now();
                MonitoringSnapshot snapshot = r.engine.monitoring().getMonitoringProgress(
                        new MonitoringQuery(actor, AssessmentRef.byId(id)));
                entry = cache.keep(id, changes, readAt, etag(snapshot), r.json.write(snapshot));
            }
            headers(ctx, entry.etag());
            if (matches(ctx.header("If-None-Match"), entry.etag())) {
                ctx.status(304);
                return;
            }
            Json.send(ctx, 200, "application/json", entry.json());
        });
        r.get("/api/monitoring", ctx -> respond(r, ctx, new MonitoringQuery(r.actor(ctx), AssessmentRef.byKey(
                Routing.query(ctx, "title"), Routing.query(ctx, "category"), Routing.date(ctx, "scheduleDate")))));
    }

    private static void respond(Routing r, Context ctx, MonitoringQuery query) {
        MonitoringSnapshot snapshot = r.engine.monitoring().getMonitoringProgress(query);
        String tag = etag(snapshot);
        headers(ctx, tag);
        if (matches(ctx.header("If-None-Match"), tag)) {
            ctx.status(304);
            return;
        }
        r.json.respond(ctx, 200, snapshot);
    }

    private static void headers(Context ctx, String tag) {
        ctx.header("ETag", tag);
        // Not "no-cache", which lets a browser keep names and scores on disk: a client keeps the tag itself.
        ctx.header("Cache-Control", "no-store");
    }

    static String etag(MonitoringSnapshot s) {
        long hash = mix(0xcbf29ce484222325L, s.groupStatus().ordinal() << 1 | (s.resetsAllowed() ? 1 : 0));
        for (MonitoringRow row : s.sessions()) {
            // An identifier only ties a state to its row, and the hash its String keeps (computed once) is enough
            // for that. A name can change without a new version and is hashed in full.
            hash = mix(hash, row.sessionId().value().hashCode());
            hash = mix(hash, row.status().ordinal() << 1 | (row.online() ? 1 : 0));
            hash = fnv(hash, row.name());
        }
        return "W/\"" + s.version() + "-" + Long.toHexString(hash) + "\"";
    }

    private static long mix(long hash, int value) {
        return (hash ^ value) * 0x100000001b3L;
    }

    // FNV-1a over the UTF-16 code units, with a separator after the text.
    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return (hash ^ 0xff) * 0x100000001b3L;
    }

    /** Weak comparison (RFC 9110): {@code W/} prefixes are ignored, {@code *} matches any current tag. */
    private static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = strip(tag);
        return Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .anyMatch(t -> t.equals("*") || strip(t).equals(opaque));
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
