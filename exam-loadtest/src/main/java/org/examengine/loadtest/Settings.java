package org.examengine.loadtest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sizes and durations of a run. {@link #standard()} is the exam-day size the figures in
 * {@code docs/benchmarks.md} come from; {@link #smoke()} runs every scenario in a few seconds. Any value can be
 * overridden by name ({@code --save-measure-seconds=10}); every loop of the harness is bounded by them.
 */
final class Settings {

    private final Map<String, Integer> values = new LinkedHashMap<>();
    private final String name;

    private Settings(String name) {
        this.name = name;
    }

    /** The standard run: about 8 minutes on a 2-core machine. */
    static Settings standard() {
        Settings s = new Settings("standard");
        s.put("warmup-workers", 600);
        s.put("warmup-seconds", 90);
        s.put("start-workers", 5_000);
        s.put("start-spread-millis", 1_000);
        s.put("start-connections", 128);
        s.put("start-limit-seconds", 90);
        s.put("save-connections", 64);
        s.put("save-sessions-per-connection", 8);
        s.put("save-warmup-seconds", 90);
        s.put("save-measure-seconds", 30);
        s.put("save-windows", 6);
        s.put("day-workers", 1_000);
        s.put("day-questions", 50);
        s.put("day-think-millis", 1_000);
        s.put("day-connections", 64);
        s.put("day-push-watchers", 100);
        s.put("day-poll-watchers", 10);
        s.put("day-poll-millis", 1_000);
        s.put("day-heartbeat-seconds", 10);
        s.put("day-status-seconds", 15);
        s.put("day-limit-seconds", 240);
        s.put("monitor-warmup-reads", 200);
        s.put("monitor-reads", 500);
        s.put("monitor-polls", 2_000);
        s.put("server-heap-mib", 512);
        s.put("server-start-rate", 250);
        s.put("server-start-burst", 50);
        s.put("server-push-coalescing-ms", 25);
        s.put("jfr", 0);
        return s;
    }

    /** Every scenario at a tiny size, for the test run: a few seconds each. */
    static Settings smoke() {
        Settings s = standard();
        Settings t = new Settings("smoke");
        t.values.putAll(s.values);
        t.put("warmup-workers", 8);
        t.put("warmup-seconds", 1);
        t.put("start-workers", 20);
        t.put("start-connections", 8);
        t.put("start-limit-seconds", 20);
        t.put("save-connections", 4);
        t.put("save-sessions-per-connection", 2);
        t.put("save-warmup-seconds", 1);
        t.put("save-measure-seconds", 2);
        t.put("save-windows", 2);
        t.put("day-workers", 20);
        t.put("day-questions", 5);
        t.put("day-think-millis", 100);
        t.put("day-connections", 8);
        t.put("day-push-watchers", 3);
        t.put("day-poll-watchers", 2);
        t.put("day-poll-millis", 200);
        t.put("day-heartbeat-seconds", 1);
        t.put("day-status-seconds", 1);
        t.put("day-limit-seconds", 30);
        t.put("monitor-warmup-reads", 10);
        t.put("monitor-reads", 20);
        t.put("monitor-polls", 50);
        t.put("server-heap-mib", 256);
        return t;
    }

    static Settings named(String name) {
        return switch (name) {
            case "standard" -> standard();
            case "smoke" -> smoke();
            default -> throw new IllegalArgumentException("unknown run: " + name + " (standard or smoke)");
        };
    }

    String name() {
        return name;
    }

    private void put(String key, int value) {
        values.put(key, value);
    }

    /**
     * Sets a value by name.
     *
     * @throws IllegalArgumentException for an unknown name or a negative value
     */
    Settings set(String key, String value) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting --" + key + "; known: " + values.keySet());
        }
        int v;
        try {
            v = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, got " + value);
        }
        if (v < 0) {
            throw new IllegalArgumentException("--" + key + " must not be negative");
        }
        values.put(key, v);
        return this;
    }

    /** The settings that no scenario can run with at 0: the connections and sessions it saves on, its questions. */
    private static final List<String> AT_LEAST_ONE = List.of("start-connections", "save-connections",
            "save-sessions-per-connection", "save-measure-seconds", "day-questions", "day-connections");

    /**
     * Checks what the scenarios need of the values together, so that a run is refused before it starts rather
     * than failing halfway.
     *
     * @throws IllegalArgumentException naming the values that do not fit
     */
    Settings validate() {
        for (String key : AT_LEAST_ONE) {
            if (get(key) < 1) {
                throw new IllegalArgumentException("--" + key + " must be at least 1");
            }
        }
        int needed = get("save-connections") * get("save-sessions-per-connection");
        if (get("start-workers") < needed) {
            throw new IllegalArgumentException("--start-workers must be at least --save-connections x "
                    + "--save-sessions-per-connection (" + needed + "): the throughput scenario saves on the started "
                    + "sessions");
        }
        if (get("save-windows") < 1 || get("save-windows") > get("save-measure-seconds")) {
            throw new IllegalArgumentException("--save-windows must be 1 to --save-measure-seconds ("
                    + get("save-measure-seconds") + "): each measured window lasts at least a second");
        }
        if (get("server-start-rate") < 1 || get("server-start-burst") < 1) {
            throw new IllegalArgumentException("--server-start-rate and --server-start-burst must be at least 1");
        }
        if (get("server-push-coalescing-ms") > 1_000) {
            throw new IllegalArgumentException("--server-push-coalescing-ms must be 0-1000");
        }
        return this;
    }

    /** A copy with {@code key} set to {@code value}. */
    Settings with(String key, int value) {
        Settings copy = new Settings(name);
        copy.values.putAll(values);
        copy.put(key, value);
        return copy;
    }

    int get(String key) {
        Integer v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return v;
    }

    boolean flag(String key) {
        return get(key) != 0;
    }

    Map<String, Integer> all() {
        return Map.copyOf(values);
    }
}
