package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.CallersTransactionContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The engine in a caller's transaction on a fresh database on the embedded PostgreSQL server. */
class PostgresCallersTransactionContractTest extends CallersTransactionContract {

    @TempDir
    Path tempDir;

    private JdbiExamStorage storage;

    @Override
    protected ExamStorage createStorage() {
        storage = Backend.POSTGRESQL.migrated(tempDir);
        return storage;
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }
}
