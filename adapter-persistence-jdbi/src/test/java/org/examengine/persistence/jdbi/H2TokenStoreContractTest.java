package org.examengine.persistence.jdbi;

import java.nio.file.Path;

import org.examengine.application.port.out.TokenStore;
import org.examengine.testkit.contract.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The token store contract on a fresh H2 database per test. */
class H2TokenStoreContractTest extends TokenStoreContract {

    @TempDir
    Path tempDir;

    private JdbiExamStorage storage;

    @Override
    protected TokenStore createTokenStore() {
        storage = Backend.H2.migrated(tempDir);
        return storage.tokens();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }
}
