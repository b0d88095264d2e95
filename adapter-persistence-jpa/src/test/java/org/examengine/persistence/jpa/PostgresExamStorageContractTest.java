package org.examengine.persistence.jpa;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.ExamStorageContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The storage port contract through JPA on a fresh database of the embedded PostgreSQL server, one per test. */
class PostgresExamStorageContractTest extends ExamStorageContract {

    @TempDir
    Path tempDir;

    @Override
    protected ExamStorage createStorage() {
        return Backend.POSTGRESQL.storage(tempDir);
    }

    @AfterEach
    void closeStorage() {
        ((JpaExamStorage) storage).close();
    }
}
