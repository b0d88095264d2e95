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

}
