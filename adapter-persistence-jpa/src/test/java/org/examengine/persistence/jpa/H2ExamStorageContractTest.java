package org.examengine.persistence.jpa;

import java.nio.file.Path;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.ExamStorageContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The storage port contract through JPA on an H2 file database in a temporary directory, one per test. */
class H2ExamStorageContractTest extends ExamStorageContract {

    @TempDir
    Path tempDir;

    @Override
    protected ExamStorage createStorage() {
        return Backend.H2.storage(tempDir);
    }

    @AfterEach
    void closeStorage() {
        ((JpaExamStorage) storage).close();
    }
}
