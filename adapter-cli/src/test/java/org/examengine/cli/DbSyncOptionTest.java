package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.examengine.persistence.jdbi.JdbiExamStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --db-sync}: H2 forcing each acknowledged write to the disk, which only an H2 directory can ask for. */
class DbSyncOptionTest {

    @TempDir
    Path dir;

    @Test
    void anH2DirectoryOpensWithWritesForcedToTheDisk() {
        CliRunner.Result migrate = CliRunner.run("migrate", "--db", dir.toString(), "--db-sync");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(dir.resolve(JdbiExamStorage.H2_FILE_NAME)).exists();
    }

    @Test
    void aJdbcUrlIsRefusedInOneLineAndNothingIsOpened() {
        Path db = dir.resolve("url-db");
        CliRunner.Result migrate = CliRunner.run("migrate", "--db", "jdbc:h2:file:" + db.toAbsolutePath(),
                "--db-sync");

        assertThat(migrate.exitCode()).isEqualTo(2);
        assertThat(migrate.err()).isEqualTo("error: --db-sync applies to an H2 directory; with a JDBC URL each "
                + "commit is as durable as the database is configured to make it\n");
        assertThat(dir).as("no database was created").isEmptyDirectory();
    }
}
