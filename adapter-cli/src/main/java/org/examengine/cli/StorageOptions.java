package org.examengine.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.examengine.application.ExamEngine;
import org.examengine.persistence.jdbi.H2Durability;
import org.examengine.persistence.jdbi.JdbiExamStorage;

import picocli.CommandLine.Option;

/** Where the embedded database is: an H2 directory (the default {@code ./exam-data}) or a JDBC URL. */
final class StorageOptions {

    @Option(names = "--db", defaultValue = "${env:EXAM_DB:-exam-data}", paramLabel = "DIR|JDBC-URL",
            description = "H2 database directory or a JDBC URL (jdbc:postgresql://...); default $EXAM_DB, else "
                    + "exam-data.")
    String db;

    @Option(names = "--db-sync", description = "H2 only: force every acknowledged write to the disk, so that it "
            + "survives a power cut or an OS crash too (each save then waits for the disk).")
    boolean forceToDisk;

    @Option(names = "--db-user", defaultValue = "${env:EXAM_DB_USER:-}",
            description = "Database user for a JDBC URL; default $EXAM_DB_USER.")
    String user;

    // Never shown in the help: the default comes from the environment, which keeps it out of process listings.
    @Option(names = "--db-password", defaultValue = "${env:EXAM_DB_PASSWORD:-}",
            description = "Database password for a JDBC URL; default $EXAM_DB_PASSWORD, which, unlike this option, "
                    + "other users of the machine cannot read in the process list.")
    String password;

    /** Refuses an H2 directory that holds no database yet (a JDBC URL is left to the connection to check). */
    void requireExisting() {
        if (isNewDirectory()) {
            throw new IllegalArgumentException("no exam database in " + db
                    + " (check --db; the commands that write create it)");
        }
    }

    /** Whether {@code --db} names an H2 directory that holds no exam database yet (one a write would create). */
    boolean isNewDirectory() {
        return !db.startsWith("jdbc:") && !Files.exists(Path.of(db).resolve(JdbiExamStorage.H2_FILE_NAME));
    }

    /** Opens the database and brings its schema up to date; the caller closes it. */
    JdbiExamStorage open() {
        if (db.startsWith("jdbc:") && !db.startsWith("jdbc:h2:") && !db.startsWith("jdbc:postgresql:")) {
            // Only the URL's scheme is repeated: the rest may hold a password.
            throw new IllegalArgumentException("--db must be an H2 directory, a jdbc:h2: or a jdbc:postgresql: URL, was"
                    + " a jdbc:" + db.split(":", 3)[1] + ": URL");
        }
        if (!db.startsWith("jdbc:")) {
            requireDirectory(Path.of(db));
        }
        if (forceToDisk && db.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--db-sync applies to an H2 directory; with a JDBC URL each commit is "
                    + "as durable as the database is configured to make it");
        }
        JdbiExamStorage storage = db.startsWith("jdbc:") ? JdbiExamStorage.connect(db, user, password)
                : JdbiExamStorage.h2File(Path.of(db), JdbiExamStorage.DEFAULT_POOL_SIZE,
                        forceToDisk ? H2Durability.FORCED_TO_DISK : H2Durability.WRITTEN_TO_FILE);
        try {
            return storage.migrate();
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Refuses an H2 location that is not a directory (and cannot become one) before H2 tries to create files in it. */
    private static void requireDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (Files.exists(directory)) {
            throw new IllegalArgumentException("--db " + directory + " is a file, not a directory");
        }
        for (Path parent = directory.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    throw new IllegalArgumentException("--db " + directory + " cannot be created: " + parent
                            + " is a file, not a directory");
                }
                return;
            }
        }
    }

    /** The engine on this storage, with bearer tokens kept in the same database. */
    static ExamEngine engine(JdbiExamStorage storage) {
        return ExamEngine.builder().storage(storage).tokens(storage.tokens()).build();
    }
}
