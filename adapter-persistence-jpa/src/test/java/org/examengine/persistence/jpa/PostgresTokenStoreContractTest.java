package org.examengine.persistence.jpa;

import java.nio.file.Path;

import org.examengine.application.port.out.TokenStore;
import org.examengine.testkit.contract.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The token store contract through JPA on a fresh database of the embedded PostgreSQL server, one per test. */
class PostgresTokenStoreContractTest extends TokenStoreContract {

    @TempDir
    Path tempDir;

    private JpaExamStorage storage;

    @Override
    protected TokenStore createTokenStore() {
        storage = Backend.POSTGRESQL.storage(tempDir);
        return storage.tokens();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
