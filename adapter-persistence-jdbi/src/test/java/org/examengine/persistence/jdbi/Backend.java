package org.examengine.persistence.jdbi;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The databases every database test runs on, each giving a fresh, empty database per call. */
enum Backend {

    H2 {
        @Override
        JdbiExamStorage fresh(Path tempDir, int maxConnections) {
            Path dir = tempDir.resolve("h2-" + H2_DATABASES.incrementAndGet());
            return JdbiExamStorage.connect(h2Url(dir), "sa", "", maxConnections);
        }
    },

    POSTGRESQL {
        @Override
        JdbiExamStorage fresh(Path tempDir, int maxConnections) {
            return JdbiExamStorage.connect(EmbeddedPostgresServer.freshDatabase(), EmbeddedPostgresServer.USER, "",
                    maxConnections);
        }
    };

    private static final AtomicInteger H2_DATABASES = new AtomicInteger();

    /** A fresh database behind a storage with an unmigrated schema. */
    abstract JdbiExamStorage fresh(Path tempDir, int maxConnections);

    JdbiExamStorage fresh(Path tempDir) {
        return fresh(tempDir, 10);
    }

    /** A fresh, migrated database. */
    JdbiExamStorage migrated(Path tempDir) {
        return fresh(tempDir).migrate();
    }

    /** The URL that {@link JdbiExamStorage#h2File(Path)} opens, for a file database in {@code dir}. */
    static String h2Url(Path dir) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve(JdbiExamStorage.H2_DATABASE_NAME)
                + JdbiExamStorage.H2_SETTINGS;
    }
}
