package org.examengine.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.participant.ParticipantId;

/**
 * The display names of each monitored group's participants, kept between monitoring reads: looking up a
 * thousand participants costs a monitoring read of a thousand sessions as much as reading the sessions
 * themselves, and names change only when an assessment is scheduled.
 *
 * <p>Kept names are used only when they name every participant of the sessions read, were read after this
 * engine's last scheduling (which may rename a participant), and are at most {@link #MAX_AGE} old: a name
 * changed by a scheduling on another engine sharing the database shows within that time.
 */
final class DisplayNames {

    /** How long kept names are used at most: 30 s. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** How many groups' names are kept at most. */
    static final int MAX_GROUPS = 64;

    private record Entry(Map<ParticipantId, String> names, Instant readAt, long generation) {
    }

    private final Map<AssessmentId, Entry> entries = new ConcurrentHashMap<>();
    // Grows with every scheduling on this engine; names read before it are not used again.
    private final AtomicLong generation = new AtomicLong();

    /**
     * The names of {@code participants}: the kept ones when they are usable, else those {@code read} returns
     * (the group's participants, read from storage), which are then kept.
     */
    Map<ParticipantId, String> of(AssessmentId group, Collection<ParticipantId> participants, Instant now,
                                  Supplier<Map<ParticipantId, String>> read) {
        long current = generation.get();
        Entry entry = entries.get(group);
        if (entry != null && entry.generation() == current && !now.isBefore(entry.readAt())
                && now.isBefore(entry.readAt().plus(MAX_AGE)) && entry.names().keySet().containsAll(participants)) {
            return entry.names();
        }
        Map<ParticipantId, String> names = Map.copyOf(read.get());
        if (entries.size() >= MAX_GROUPS && !entries.containsKey(group)) {
            entries.clear();
        }
        entries.put(group, new Entry(names, now, current));
        return names;
    }

    /** Called after a change of participants has committed: every kept name is read again. */
    void changed() {
        generation.incrementAndGet();
        entries.clear();
    }
}
