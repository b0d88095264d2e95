package org.examengine.persistence.jdbi;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.jdbi.v3.core.argument.Argument;

/**
 * Conversions between domain values and columns that both databases treat alike.
 *
 * <p>Instants are stored as {@code TIMESTAMP(6) WITH TIME ZONE} through {@link OffsetDateTime} in UTC, never
 * through {@link java.sql.Timestamp}, whose conversion depends on the JVM's default time zone. They are
 * truncated to microseconds here, because that is what both databases keep and because PostgreSQL would
 * round a finer value instead of cutting it.
 */
final class Columns {

    private Columns() {
    }

    /** A bindable instant, or SQL NULL for null. */
    static Argument instant(Instant value) {
        return (position, statement, ctx) -> setInstant(statement, position, value);
    }

    static void setInstant(PreparedStatement statement, int position, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, OffsetDateTime.ofInstant(value.truncatedTo(ChronoUnit.MICROS),
                    ZoneOffset.UTC));
        }
    }

    /** Sets a value that may be null, as SQL NULL of {@code sqlType} then (PostgreSQL wants the type). */
    static void setNullable(PreparedStatement statement, int position, Object value, int sqlType)
            throws SQLException {
        if (value == null) {
            statement.setNull(position, sqlType);
        } else {
            statement.setObject(position, value, sqlType);
        }
    }

    // By name: for the repositories that read few rows; the hot ones read by position (H2 looks a name up on
    // every call).
    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        return nullableInt(rs, rs.findColumn(column));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        return nullableLong(rs, rs.findColumn(column));
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        return nullableDouble(rs, rs.findColumn(column));
    }

    static Boolean nullableBoolean(ResultSet rs, String column) throws SQLException {
        return nullableBoolean(rs, rs.findColumn(column));
    }

    /** The enum constant stored by name, or null. */
    static <E extends Enum<E>> E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
        return enumValue(rs, rs.findColumn(column), type);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    static Boolean nullableBoolean(ResultSet rs, int column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    static <E extends Enum<E>> E enumValue(ResultSet rs, int column, Class<E> type) throws SQLException {
        String name = rs.getString(column);
        return name == null ? null : Enum.valueOf(type, name);
    }

    static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
