package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.examengine.schema.SchemaSql;
import org.junit.jupiter.api.Test;

class PositionalSqlTest {

    @Test
    void namedParametersBecomePositionalInTheirOrder() {
        String sql = PositionalSql.byPosition("INSERT INTO t (a, b) VALUES (CAST(:first AS INT), :second_one)",
                List.of("first", "second_one"));

        assertThat(sql).isEqualTo("INSERT INTO t (a, b) VALUES (CAST(? AS INT), ?)");
    }

    @Test
    void aStatementNamingOtherParametersOrAnotherOrderIsRefused() {
        assertThatThrownBy(() -> PositionalSql.byPosition("VALUES (:b, :a)", List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[b, a]");
        assertThatThrownBy(() -> PositionalSql.byPosition("VALUES (:a, :a, :b)", List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PositionalSql.byPosition("VALUES (:a)", List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachDatabasesResponseUpsertHasTheFiveParametersByPosition() {
        for (Dialect dialect : Dialect.values()) {
            String sql = dialect.upsertResponseByPosition();

            assertThat(sql).doesNotContain(":");
            assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(5);
        }
        assertThat(SchemaSql.values()).hasSize(Dialect.values().length);
    }
}
