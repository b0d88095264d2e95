package org.examengine.persistence.jpa;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The databases every database test runs on, each call giving a fresh, migrated database. */
enum Backend {

    H2 {
        @Override
        String freshUrl(Path tempDir) {
            return JpaExamStorage.h2Url(tempDir.resolve("h2-" + H2_DATABASES.incrementAndGet()));
        }

        @Override
        String user() {
            return "sa";
        }
    },

    POSTGRESQL {
        @Override
        String freshUrl(Path tempDir) {
            return EmbeddedPostgresServer.freshDatabase();
        }

        @Override
        String user() {
            return EmbeddedPostgresServer.USER;
        }
    };

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** The JDBC URL of a new, empty database. */
    abstract String freshUrl(Path tempDir);

    abstract String user();

    /** A storage on a fresh, migrated database. */
    JpaExamStorage storage(Path tempDir) {
        return storage(tempDir, Map.of());
    }

    /** A storage on a fresh, migrated database, with further properties for its persistence unit. */
    JpaExamStorage storage(Path tempDir, Map<String, ?> properties) {
        return JpaExamStorage.connect(freshUrl(tempDir), user(), "", 10, properties);
    }
}
