package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.nio.file.Path;
import java.util.List;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each {@link H2Durability} asks of the disk, seen through a file system that counts how often H2 forces the
 * database file to it: {@code FORCED_TO_DISK} forces the file before each acknowledged write returns,
 * {@code WRITTEN_TO_FILE} leaves that to the operating system. (That an acknowledged write is in the file either way
 * is {@link AcknowledgedSavesSurviveSigkillTest}.)
 */
class H2DurabilityTest {

    private static final int WRITES = 20;

    @TempDir
    Path tempDir;

    @Test
    void forcedToDiskForcesTheFileBeforeEachAcknowledgedWriteReturns() {
        try (JdbiExamStorage storage = open(H2Durability.FORCED_TO_DISK)) {
            for (int i = 1; i <= WRITES; i++) {
                long before = forces();
                save(storage, i);
                assertThat(forces()).as("forces of the file around write %d", i).isGreaterThan(before);
            }
        }
    }

    @Test
    void writtenToFileDoesNotWaitForTheDisk() {
        try (JdbiExamStorage storage = open(H2Durability.WRITTEN_TO_FILE)) {
            long before = forces();
            for (int i = 1; i <= WRITES; i++) {
                save(storage, i);
            }
            assertThat(forces()).as("forces of the file during %d writes", WRITES).isEqualTo(before);
            assertThat(storage.responses().findBySession(SessionId.of("s"))).singleElement()
                    .satisfies(r -> assertThat(r.clientSeq()).isEqualTo(WRITES));
        }
    }

    @Test
    void forcedToDiskForcesTheJournalForEachSaveInsteadOfTheDatabaseFile() {
        try (JdbiExamStorage storage = open(H2Durability.FORCED_TO_DISK)) {
            H2GroupCommit groupCommit = (H2GroupCommit) storage.durability();
            for (int i = 1; i <= WRITES; i++) {
                long journalBefore = groupCommit.journal().forces();
                long fileBefore = forces();
                saveInTransaction(storage, i);
                assertThat(groupCommit.journal().forces()).as("forces of the journal around save %d", i)
                        .isGreaterThan(journalBefore);
                assertThat(forces()).as("forces of the database file around save %d", i).isEqualTo(fileBefore);
            }
        }
    }

    @Test
    void writtenToFileNeverForcesTheJournal() {
        try (JdbiExamStorage storage = open(H2Durability.WRITTEN_TO_FILE)) {
            H2GroupCommit groupCommit = (H2GroupCommit) storage.durability();
            for (int i = 1; i <= WRITES; i++) {
                saveInTransaction(storage, i);
            }
            assertThat(groupCommit.journaledCommits()).isEqualTo(WRITES);
            assertThat(groupCommit.journal().forces()).isZero();
        }
    }

    private JdbiExamStorage open(H2Durability durability) {
        JdbiExamStorage storage = JdbiExamStorage.h2(InstrumentedFilePath.url(tempDir), tempDir, 4, durability)
                .migrate();
        ExamPackage pkg = Fixtures.pkg("p", 2);
        storage.packages().insert(pkg);
        storage.assessments().insert(Fixtures.assessment("a", "Durability", pkg.id()));
        storage.participants().upsert(Fixtures.participant("w"));
        storage.sessions().insertAll(List.of(Fixtures.session("s", "a", "w", pkg)));
        return storage;
    }

    private static void save(JdbiExamStorage storage, long seq) {
        QuestionId q = QuestionId.of("p-q1");
        storage.responses().upsert(new Response(SessionId.of("s"), q, OptionId.of("p-q1-a"), seq, T0));
    }

    /** A save as the engine makes one: the session's update and the response's upsert in one transaction. */
    private static void saveInTransaction(JdbiExamStorage storage, long seq) {
        storage.transactions().inTransaction(() -> {
            ExamSession session = storage.sessions().findByIdForUpdate(SessionId.of("s")).orElseThrow();
            storage.sessions().update(session);
            save(storage, seq);
            return null;
        });
    }

    private long forces() {
        return InstrumentedFilePath.forces(tempDir.toAbsolutePath().toString());
    }
}
