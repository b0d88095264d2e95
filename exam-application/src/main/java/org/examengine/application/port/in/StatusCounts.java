package org.examengine.application.port.in;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.examengine.domain.session.SessionStatus;

/** Counts by session status as the views hand them out: unmodifiable, in the statuses' order. */
final class StatusCounts {

    private StatusCounts() {
    }

    static Map<SessionStatus, Integer> copy(Map<SessionStatus, Integer> counts) {
        Map<SessionStatus, Integer> copy = new EnumMap<>(SessionStatus.class);
        copy.putAll(counts);
        return Collections.unmodifiableMap(copy);
    }
}
