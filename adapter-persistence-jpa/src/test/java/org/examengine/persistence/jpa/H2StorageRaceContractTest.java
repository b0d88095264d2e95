package org.examengine.persistence.jpa;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.StorageRaceContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Real threads racing through the engine on the JPA storage, on an H2 file database in a temporary directory. */
class H2StorageRaceContractTest extends StorageRaceContract {

    @TempDir
    Path tempDir;

    private JpaExamStorage storage;

    @Override
    protected ExamStorage createStorage() {
        storage = Backend.H2.storage(tempDir);
        return storage;
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }
}
