package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.nio.file.Path;
import java.util.List;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an H2 file database. One storage at a time has it open: H2 lets a second connection pool of the same
 * process share the database, but each storage keeps its own journal of saves beside it, and the two would rotate
 * the file under each other, so that saves acknowledged by one would be missing after a crash.
 */
class OneStorageForADatabaseTest {

    @TempDir
    Path dir;

    @Test
    void aSecondStorageOfTheSameDirectoryInThisProcessIsRefusedAndTheFirstCarriesOn() {
        try (JdbiExamStorage first = JdbiExamStorage.h2File(dir).migrate()) {
            ExamPackage pkg = Fixtures.pkg("p", 2);
            first.packages().insert(pkg);
            first.assessments().insert(Fixtures.assessment("a", "One storage", pkg.id()));
            first.participants().upsert(Fixtures.participant("w"));
            first.sessions().insertAll(List.of(Fixtures.session("s", "a", "w", pkg)));

            assertThatThrownBy(() -> JdbiExamStorage.h2File(dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open in this process");

            first.responses().upsert(new Response(SessionId.of("s"), QuestionId.of("p-q1"), OptionId.of("p-q1-a"), 1,
                    T0));
        }
        try (JdbiExamStorage again = JdbiExamStorage.h2File(dir)) {
            assertThat(again.responses().findBySession(SessionId.of("s"))).singleElement()
                    .satisfies(r -> assertThat(r.optionId()).isEqualTo(OptionId.of("p-q1-a")));
        }
    }

    @Test
    void aDirectoryWhosePathAnH2UrlCannotHoldIsRefusedBeforeAnythingIsCreated() {
        Path odd = dir.resolve("exam;data");
        assertThatThrownBy(() -> JdbiExamStorage.h2File(odd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain ';'");
        assertThat(odd).doesNotExist();
    }

    @Test
    void usingADatabaseThatWasNeverMigratedSaysToMigrateIt() {
        try (JdbiExamStorage unmigrated = JdbiExamStorage.h2File(dir)) {
            assertThatThrownBy(() -> unmigrated.sessions().findById(SessionId.of("s")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("the database lacks the engine's tables; migrate it first");
        }
    }

    @Test
    void aJournalOfADirectoryWhoseDatabaseIsOpenCannotBeOpened() {
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            assertThatThrownBy(() -> new SaveJournal(dir, false)).isInstanceOf(IllegalStateException.class);
            assertThat(journal.append(List.of(), List.of())).isPositive();
        }
        try (SaveJournal reopened = new SaveJournal(dir, false)) {
            assertThat(SaveJournal.read(dir.resolve(SaveJournal.FILE_NAME))).hasSize(1);
        }
    }
}
