package org.examengine.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.examengine.schema.SchemaMigrations;
import org.examengine.testkit.contract.FirstSchemaUpgrade;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database written by the first schema, with workers in the middle of an exam, is opened by the JPA storage,
 * which migrates it to the latest schema; the workers then resume, save and submit through the engine, and
 * nothing they saved is lost.
 */
class UpgradingFromTheFirstSchemaKeepsSessionsInProgressTest {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void workersResumeSaveAndSubmitAfterTheUpgrade(Backend backend) throws Exception {
        String url = backend.freshUrl(tempDir);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(backend.user());
        config.setPassword("");
        config.setMaximumPoolSize(2);
        try (HikariDataSource firstEngine = new HikariDataSource(config)) {
            int applied = SchemaMigrations.configure(firstEngine).target("1").load().migrate().migrationsExecuted;
            assertThat(applied).isEqualTo(1);
            try (Connection c = firstEngine.getConnection()) {
                FirstSchemaUpgrade.writeWithFirstSchema(c);
            }
        }

        try (JpaExamStorage storage = JpaExamStorage.connect(url, backend.user(), "", 10, Map.of())) {
            FirstSchemaUpgrade.workersResumeSaveAndSubmit(storage);
        }
    }
}
