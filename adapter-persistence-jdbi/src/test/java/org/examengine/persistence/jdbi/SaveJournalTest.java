package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.persistence.jdbi.Fixtures.T0;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file of saves: what is appended reads back whole, and a torn last entry is left out. */
class SaveJournalTest {

    @TempDir
    Path dir;

    private static final ExamSession EVERY_FIELD = new ExamSession(SessionId.of("s-1"), AssessmentId.of("a-1"),
            ParticipantId.of("w-1"), 2, SessionStatus.COMPLETED, PackageId.of("p-1"), -42L, 50, T0,
            T0.plusSeconds(600), 87.5, true, 7, 598, T0.plusSeconds(599), 120, 30, null, 15, ClosedBy.TIMEOUT, 49,
            17);
    private static final ExamSession PAUSED = new ExamSession(SessionId.of("s-3"), AssessmentId.of("a-1"),
            ParticipantId.of("w-3"), 1, SessionStatus.PAUSED, PackageId.of("p-1"), 5L, 50, T0, null, null, false, 3,
            40, T0.plusSeconds(40), 0, 10, T0.plusSeconds(41), 0, null, 3, 4);
    private static final ExamSession NULLS = new ExamSession(SessionId.of("s-2"), AssessmentId.of("a-1"),
            ParticipantId.of("w-2"), 1, SessionStatus.IN_PROGRESS, PackageId.of("p-1"), 3L, 50, T0, null, null,
            null, null, null, null, 0, 0, null, 0, null, 0, 1);

    @Test
    void everyFieldOfSessionsAndResponsesReadsBackAsAppended() {
        List<Response> responses = List.of(
                new Response(SessionId.of("s-1"), QuestionId.of("q-1"), OptionId.of("q-1.b"), 9, T0),
                new Response(SessionId.of("s-2"), QuestionId.of("q-2"), null, 10, T0.plusNanos(1_000)));
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(EVERY_FIELD, NULLS, PAUSED), responses);
            journal.append(writes(NULLS.withVersion(2)), List.of());
        }

        List<SaveJournal.Entry> read = SaveJournal.read(dir.resolve(SaveJournal.FILE_NAME));

        assertThat(read).containsExactly(new SaveJournal.Entry(writes(EVERY_FIELD, NULLS, PAUSED), responses),
                new SaveJournal.Entry(writes(NULLS.withVersion(2)), List.of()));
    }

    @Test
    void aTornOrDamagedLastEntryIsLeftOut() throws IOException {
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(NULLS), List.of());
            journal.append(writes(NULLS.withVersion(2)), List.of());
        }
        Path file = dir.resolve(SaveJournal.FILE_NAME);
        byte[] whole = Files.readAllBytes(file);
        byte[] second = SaveJournal.encode(writes(NULLS.withVersion(2)), List.of()).array();

        // Cut inside the second entry, as a process killed while appending leaves it.
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));
        assertThat(SaveJournal.read(file)).containsExactly(new SaveJournal.Entry(writes(NULLS), List.of()));

        // One byte of the second entry changed: its checksum no longer matches.
        whole[whole.length - second.length + 20] ^= 0x40;
        Files.write(file, whole);
        assertThat(SaveJournal.read(file)).containsExactly(new SaveJournal.Entry(writes(NULLS), List.of()));
    }

    @Test
    void aRotatedJournalIsReadFirstUntilItIsDeleted() {
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(NULLS), List.of());
            journal.rotate();
            long size = journal.append(writes(NULLS.withVersion(2)), List.of());

            assertThat(SaveJournal.files(dir)).containsExactly(dir.resolve(SaveJournal.FILE_NAME + ".old"),
                    dir.resolve(SaveJournal.FILE_NAME));
            assertThat(SaveJournal.files(dir).stream().flatMap(f -> SaveJournal.read(f).stream())
                    .map(e -> e.sessions().get(0).stored().version())).containsExactly(1L, 2L);
            assertThat(size).as("the new file holds the one entry since").isEqualTo(dir.resolve(SaveJournal.FILE_NAME)
                    .toFile().length());

            journal.deleteRotated();
            assertThat(SaveJournal.files(dir)).containsExactly(dir.resolve(SaveJournal.FILE_NAME));
        }
    }

    @Test
    void aReopenedJournalKeepsWhatItHeldAndAppendsAfterIt() {
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(NULLS), List.of());
        }
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(NULLS.withVersion(2)), List.of());
        }
        assertThat(SaveJournal.read(dir.resolve(SaveJournal.FILE_NAME))).extracting(e -> e.sessions().get(0).stored().version())
                .containsExactly(1L, 2L);
    }

    @Test
    void aKeptJournalIsNotEmptied() {
        try (SaveJournal journal = new SaveJournal(dir, false)) {
            journal.append(writes(NULLS), List.of());
            journal.keep();
            journal.clear();
        }
        assertThat(SaveJournal.read(dir.resolve(SaveJournal.FILE_NAME))).hasSize(1);
    }

    /** The sessions as stored by one update each, from the version before. */
    private static List<SaveJournal.SessionWrite> writes(ExamSession... stored) {
        return Arrays.stream(stored).map(s -> new SaveJournal.SessionWrite(s.version() - 1, s)).toList();
    }
}
