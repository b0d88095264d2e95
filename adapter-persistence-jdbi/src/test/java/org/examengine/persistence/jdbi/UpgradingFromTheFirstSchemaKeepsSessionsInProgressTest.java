package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.examengine.testkit.contract.FirstSchemaUpgrade;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database written by the first schema, with workers in the middle of an exam, is migrated to the latest
 * schema; the workers then resume, save and submit through the engine, and nothing they saved is lost.
 */
class UpgradingFromTheFirstSchemaKeepsSessionsInProgressTest {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void workersResumeSaveAndSubmitAfterTheUpgrade(Backend backend) throws Exception {
        try (JdbiExamStorage storage = backend.fresh(tempDir)) {
            int applied = Migrations.configure(storage.dataSource()).target("1").load().migrate().migrationsExecuted;
            assertThat(applied).isEqualTo(1);
            storage.jdbi().useHandle(h -> FirstSchemaUpgrade.writeWithFirstSchema(h.getConnection()));

            storage.migrate();

            FirstSchemaUpgrade.workersResumeSaveAndSubmit(storage);
        }
    }
}
