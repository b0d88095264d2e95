package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.CallersTransactionContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The engine in a caller's transaction on an H2 file database in a temporary directory. */
class H2CallersTransactionContractTest extends CallersTransactionContract {

    @TempDir
    Path tempDir;

    private JdbiExamStorage storage;

    @Override
    protected ExamStorage createStorage() {
        storage = Backend.H2.migrated(tempDir);
        return storage;
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }
}
