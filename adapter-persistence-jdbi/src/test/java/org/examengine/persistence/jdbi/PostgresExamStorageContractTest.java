package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.ExamStorageContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The storage port contract on a fresh database on the embedded PostgreSQL server, one per test. */
class PostgresExamStorageContractTest extends ExamStorageContract {

    @TempDir
    Path tempDir;

    @Override
    protected ExamStorage createStorage() {
        return Backend.POSTGRESQL.migrated(tempDir);
    }

    @AfterEach
    void closeStorage() {
        ((JdbiExamStorage) storage).close();
    }
}
