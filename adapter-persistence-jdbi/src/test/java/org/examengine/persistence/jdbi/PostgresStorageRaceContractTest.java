package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.StorageRaceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Real threads racing through the engine on a fresh database on the embedded PostgreSQL server. */
class PostgresStorageRaceContractTest extends StorageRaceContract {

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
