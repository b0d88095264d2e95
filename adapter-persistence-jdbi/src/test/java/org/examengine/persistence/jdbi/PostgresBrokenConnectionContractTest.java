package org.examengine.persistence.jdbi;

import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.BrokenConnectionContract;
import org.junit.jupiter.api.AfterEach;

/** The JDBI storage on a fresh database of the embedded PostgreSQL server, whose connections the test ends. */
class PostgresBrokenConnectionContractTest extends BrokenConnectionContract {

    private String url;
    private JdbiExamStorage storage;

    @Override
    protected ExamStorage createStorage() {
        url = EmbeddedPostgresServer.freshDatabase();
        storage = JdbiExamStorage.connect(url, EmbeddedPostgresServer.USER, "", 4).migrate();
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
