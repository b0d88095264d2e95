package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.TokenStore;
import org.examengine.testkit.contract.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The token store contract on a fresh Postgres database per test. */
class PostgresTokenStoreContractTest extends TokenStoreContract {

    @TempDir
    Path tempDir;

    private JdbiExamStorage storage;

    @Override
    protected TokenStore createTokenStore() {
        storage = Backend.POSTGRESQL.migrated(tempDir);
        return storage.tokens();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
