package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database, its user and its password can come from {@code EXAM_DB}, {@code EXAM_DB_USER} and
 * {@code EXAM_DB_PASSWORD}, so that a password need not be written on a command line, where the process list shows
 * it to every user of the machine.
 */
class DatabaseFromTheEnvironmentTest {

    @TempDir
    Path dir;

    private Map<String, String> environment(String password) {
        return Map.of("EXAM_DB", "jdbc:h2:file:" + dir.resolve("exam"), "EXAM_DB_USER", "examiner",
                "EXAM_DB_PASSWORD", password);
    }

    @Test
    void theDatabaseAndItsCredentialsAreTakenFromTheEnvironment() throws Exception {
        try (CliProcess migrate = CliProcess.start(environment("s3cret-pw"), "migrate")) {
            List<String> out = migrate.allLines(60);
            assertThat(migrate.waitFor(1)).as(String.join("\n", out)).isZero();
        }
        assertThat(dir.resolve("exam.mv.db")).as("the database is where EXAM_DB says").exists();
        assertThat(Files.exists(Path.of("exam-data"))).as("not the default directory").isFalse();

        try (CliProcess history = CliProcess.start(environment("s3cret-pw"), "history")) {
            List<String> out = history.allLines(60);
            assertThat(history.waitFor(1)).as(String.join("\n", out)).isZero();
        }
        try (CliProcess wrong = CliProcess.start(environment("not-it"), "history")) {
            List<String> out = wrong.allLines(60);
            assertThat(wrong.waitFor(1)).as("a wrong password from the environment is refused").isNotZero();
            assertThat(String.join("\n", out)).doesNotContain("not-it");
        }
    }

    @Test
    void theHelpDoesNotShowThePasswordFromTheEnvironment() throws Exception {
        try (CliProcess help = CliProcess.start(environment("s3cret-pw"), "migrate", "--help")) {
            String out = String.join("\n", help.allLines(60));
            assertThat(out).contains("EXAM_DB_PASSWORD").doesNotContain("s3cret-pw");
        }
    }
}
