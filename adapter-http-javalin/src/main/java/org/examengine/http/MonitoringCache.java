package org.examengine.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.examengine.application.port.out.ExamEvent;
import org.examengine.domain.assessment.AssessmentId;

/**
 * The last monitoring answer of each group, its tag and its JSON, kept while nothing changed: until an event
 * of the engine concerns the group, and at most {@link #MAX_AGE}, after which the time-driven parts of the view
 * (who went offline, who ran out of time) are read again. A poll of an unchanged group is then answered without
 * reading storage, with 304 or with the kept body.
 *
 * <p>Only used when the server receives the engine's events ({@code liveUpdates}); without them a change could
 * go unnoticed for {@link #MAX_AGE}.
 */
final class MonitoringCache {

    /** How long an answer is reused at most when no event arrived: 1 s, the page's own polling period. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    /** How many groups' answers are kept at most (each holds the JSON of the whole group). */
    static final int MAX_ENTRIES = 32;

    private final Clock clock;
    private final Map<AssessmentId, AtomicLong> changes = new ConcurrentHashMap<>();
    private final Map<AssessmentId, Entry> entries = new ConcurrentHashMap<>();

    /**
     * A kept answer.
     *
     * @param changesBefore the group's change count read before the snapshot was read
     */
    record Entry(long changesBefore, long readAtMillis, String etag, byte[] json) {
    }

    MonitoringCache(Clock clock) {
        this.clock = clock;
    }

    /** Called with every event of the engine, before anything else sees it. */
    void onEvent(ExamEvent event) {
        if (event.assessmentId() != null) {
            changes.computeIfAbsent(event.assessmentId(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** The clock's time in milliseconds, for {@link #keep}: read it before reading the snapshot. */
    long now() {
        return clock.millis();
    }

    /** The group's change count: read it before reading the snapshot to {@link #keep}. */
    long changes(AssessmentId id) {
        AtomicLong count = changes.get(id);
        return count == null ? 0 : count.get();
    }

    /** The kept answer if nothing changed since it was read and it is recent enough, else null. */
    Entry fresh(AssessmentId id) {
        Entry entry = entries.get(id);
        if (entry == null || entry.changesBefore() != changes(id)
                || clock.millis() - entry.readAtMillis() >= MAX_AGE.toMillis()) {
            return null;
        }
        return entry;
    }

    /** Keeps an answer read after {@link #changes} returned {@code changesBefore}. */
    Entry keep(AssessmentId id, long changesBefore, long readAtMillis, String etag, byte[] json) {
        Entry entry = new Entry(changesBefore, readAtMillis, etag, json);
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(id)) {
            entries.clear();
        }
        entries.put(id, entry);
        return entry;
    }
}
