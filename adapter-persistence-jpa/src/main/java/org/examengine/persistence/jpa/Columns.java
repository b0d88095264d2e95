package org.examengine.persistence.jpa;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Conversions at the storage edge shared by every entity.
 *
 * <p>Instants go into {@code TIMESTAMP(6) WITH TIME ZONE} columns, which keep microseconds. A finer instant is
 * truncated here, before Hibernate binds it, because the drivers would round the nanoseconds instead (a save at
 * {@code .9999995} would be stored in the next microsecond, or the next second).
 */
final class Columns {

    private Columns() {
    }

    /** The instant truncated to microseconds, or null. */
    static Instant micros(Instant value) {
        return value == null ? null : value.truncatedTo(ChronoUnit.MICROS);
    }
}
