package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an H2 database whose journal of saves holds what its file lacks (the process ended without writing
 * it): the entries newer than the stored session are applied in the order of their versions, older ones not.
 */
class JournalReplayTest {

    @TempDir
    Path dir;

    private static final SessionId S = SessionId.of("s");

    @Test
    void entriesNewerThanTheStoredSessionAreAppliedInVersionOrderAndOlderOnesAreNot() {
        ExamSession stored = storeSession();
        long v = stored.version();
        ExamSession started = new ExamSession(S, stored.assessmentId(), stored.participantId(), 1,
                SessionStatus.IN_PROGRESS, stored.packageId(), stored.shuffleSeed(), stored.totalQuestions(), T0,
                null, null, null, 0, 5, T0.plusSeconds(5), 0, 0, null, 0, null, 0, v);
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            // Already in the file (it left the stored version): a response the file does not have stays out, as a
            // reset that removed it would have left it.
            journal.append(List.of(write(v - 1, started)), List.of(answer("p-q1", 1)));
            // Two later saves, the newer appended first.
            journal.append(List.of(write(v + 1, started.withVersion(v + 2))), List.of(answer("p-q3", 3)));
            journal.append(List.of(write(v, progressed(started, 1, 2).withVersion(v + 1))),
                    List.of(answer("p-q2", 2)));
        }

        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(dir)) {
            ExamSession after = reopened.sessions().findById(S).orElseThrow();
            assertThat(after.version()).isEqualTo(v + 2);
            assertThat(after.status()).isEqualTo(SessionStatus.IN_PROGRESS);
            assertThat(after.lastSeenAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(reopened.responses().findBySession(S)).extracting(r -> r.questionId().value())
                    .containsExactlyInAnyOrder("p-q2", "p-q3");
            assertThat(SaveJournal.files(dir)).singleElement()
                    .satisfies(f -> assertThat(f).as("emptied once applied").isEmptyFile());
        }
    }

    @Test
    void entriesAfterAGapAreNotApplied() {
        ExamSession stored = storeSession();
        long v = stored.version();
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            // From v + 1: the write that took the session from v to v + 1 was not journaled and is not in the
            // file, so this save, which built on it, was never acknowledged (it waited for that write).
            journal.append(List.of(write(v + 1, progressed(stored, 1, 1).withVersion(v + 2))),
                    List.of(answer("p-q1", 1)));
        }

        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(dir)) {
            assertThat(reopened.sessions().findById(S)).hasValueSatisfying(s -> assertThat(s.version()).isEqualTo(v));
            assertThat(reopened.responses().findBySession(S)).isEmpty();
            assertThat(dir.resolve(SaveJournal.FILE_NAME)).isEmptyFile();
        }
    }

    @Test
    void aJournalHoldingOnlyATornEntryIsEmptiedSoThatNewEntriesAreNotWrittenAfterIt() throws Exception {
        storeSession();
        Files.write(dir.resolve(SaveJournal.FILE_NAME), new byte[] {0, 0, 1, 0, 7, 7});

        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(dir)) {
            assertThat(dir.resolve(SaveJournal.FILE_NAME)).isEmptyFile();
        }
    }

    @Test
    void aDatabaseWithoutAJournalOpensAsItWas() {
        try (JdbiExamStorage storage = JdbiExamStorage.h2File(dir).migrate()) {
            storage.packages().insert(Fixtures.pkg("p", 2));
        }
        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(dir)) {
            assertThat(reopened.packages().findById(Fixtures.pkg("p", 2).id())).isPresent();
        }
    }

    private static ExamSession progressed(ExamSession s, int answered, int lastPage) {
        return new ExamSession(s.id(), s.assessmentId(), s.participantId(), s.attempt(), s.status(), s.packageId(),
                s.shuffleSeed(), s.totalQuestions(), s.startedAt(), s.completedAt(), s.scorePercent(), s.passed(),
                lastPage, s.elapsedSeconds(), s.lastSeenAt(), s.extraTimeSeconds(), s.pausedSeconds(), s.pausedAt(),
                s.creditedSeconds(), s.closedBy(), answered, s.version());
    }

    private static Response answer(String question, long seq) {
        return new Response(S, QuestionId.of(question), OptionId.of(question + "-a"), seq, T0);
    }

    /** Stores the session (not started) in a new database and returns it as stored. */
    private ExamSession storeSession() {
        try (JdbiExamStorage storage = JdbiExamStorage.h2File(dir).migrate()) {
            ExamPackage pkg = Fixtures.pkg("p", 4);
            storage.packages().insert(pkg);
            storage.assessments().insert(Fixtures.assessment("a", "Replay", pkg.id()));
            storage.participants().upsert(Fixtures.participant("w"));
            storage.sessions().insertAll(List.of(Fixtures.session("s", "a", "w", pkg)));
            return storage.sessions().findById(S).orElseThrow();
        }
    }

    private static SaveJournal.SessionWrite write(long from, ExamSession stored) {
        return new SaveJournal.SessionWrite(from, stored);
    }
}
