package org.examengine.persistence.jpa;

import java.util.Map;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.BrokenConnectionContract;
import org.junit.jupiter.api.AfterEach;

/** The JPA storage on a fresh database of the embedded PostgreSQL server, whose connections the test ends. */
class PostgresBrokenConnectionContractTest extends BrokenConnectionContract {

    private String url;
    private JpaExamStorage storage;

    @Override
    protected ExamStorage createStorage() {
        url = EmbeddedPostgresServer.freshDatabase();
        storage = JpaExamStorage.connect(url, EmbeddedPostgresServer.USER, "", 4, Map.of());
        return storage;
    }

    @Override
    protected void breakAllConnections() {
        endPostgresConnections(url, EmbeddedPostgresServer.USER);
    }

    @AfterEach
    void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }
}
