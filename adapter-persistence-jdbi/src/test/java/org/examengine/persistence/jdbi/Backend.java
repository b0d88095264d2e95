package org.examengine.persistence.jdbi;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The databases every database test runs on, each giving a fresh, empty database per call. */
enum Backend {

    H2 {
        @Override
        JdbiExamStorage fresh(Path tempDir, int maxConnections) {
            Path dir = tempDir.resolve("h2-" + H2_DATABASES.incrementAndGet());
            return JdbiExamStorage.h2File(dir, maxConnections);
        }

        @Override
        String freshUrl(Path tempDir) {
            return JdbiExamStorage.h2Url(tempDir.resolve("h2-" + H2_DATABASES.incrementAndGet()),
                    JdbiExamStorage.H2_SETTINGS);
        }

        @Override
        String inSchema(String url, String schema) {
            return url + ";SCHEMA=" + schema;
        }

        @Override
        String user() {
            return "sa";
        }
    },

    POSTGRESQL {
        @Override
        JdbiExamStorage fresh(Path tempDir, int maxConnections) {
            return JdbiExamStorage.connect(EmbeddedPostgresServer.freshDatabase(), EmbeddedPostgresServer.USER, "",
                    maxConnections);
        }

        @Override
        String freshUrl(Path tempDir) {
            return EmbeddedPostgresServer.freshDatabase();
        }

        @Override
        String inSchema(String url, String schema) {
            return url + "?currentSchema=" + schema;
        }

        @Override
        String user() {
            return EmbeddedPostgresServer.USER;
        }
    };

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** A fresh database behind a storage with an unmigrated schema. */
    abstract JdbiExamStorage fresh(Path tempDir, int maxConnections);

    /** The JDBC URL of a fresh, empty database (no password, {@link #user()}). */
    abstract String freshUrl(Path tempDir);

    /** {@code url} with {@code schema}, which must exist, as the connections' default schema. */
    abstract String inSchema(String url, String schema);

    abstract String user();

    JdbiExamStorage fresh(Path tempDir) {
        return fresh(tempDir, 10);
    }

    /** A fresh, migrated database. */
    JdbiExamStorage migrated(Path tempDir) {
        return fresh(tempDir).migrate();
    }

}
