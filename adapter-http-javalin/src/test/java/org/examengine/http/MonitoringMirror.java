package org.examengine.http;

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a monitoring page keeps, built only from push messages by the documented rules: a snapshot replaces
 * everything; {@code changes} replace rows by sessionId and are applied when {@code fromVersion} is not newer
 * than the mirror's version; messages older than the mirror are dropped.
 */
final class MonitoringMirror {

    final Map<String, JsonNode> rows = new TreeMap<>();
    long version = -1;
    int applied;

    void apply(JsonNode message) {
        String type = message.path("type").asText();
        long v = message.path("version").asLong();
        switch (type) {
            case "snapshot" -> {
                rows.clear();
                message.path("sessions").forEach(r -> rows.put(r.path("sessionId").asText(), r));
                version = v;
                applied++;
            }
            case "changes" -> {
                if (v < version) {
                    return;
                }
                if (message.path("fromVersion").asLong() > version) {
                    throw new AssertionError("a gap: at " + version + ", got " + message);
                }
                message.path("sessions").forEach(r -> rows.put(r.path("sessionId").asText(), r));
                version = v;
                applied++;
            }
            case "resumed" -> {
                if (v != version) {
                    throw new AssertionError("resumed at " + v + " but the mirror is at " + version);
                }
            }
            default -> { }
        }
    }

    MonitoringMirror copy() {
        MonitoringMirror copy = new MonitoringMirror();
        copy.rows.putAll(rows);
        copy.version = version;
        copy.applied = applied;
        return copy;
    }

    void applyAll(Iterable<JsonNode> messages) {
        messages.forEach(this::apply);
    }
}
