package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save the engine acknowledged is in the H2 file even if the process is killed with SIGKILL right after: no
 * shutdown hook, no background write of H2's gets to run. The writer saves from several threads at once, so
 * that acknowledged saves ride on commits written together (group commit), and is killed while it keeps saving.
 */
class AcknowledgedSavesSurviveSigkillTest {

    private static final int ACKS_BEFORE_KILL = 1_000;

    @TempDir
    Path tempDir;

    private record Ack(String session, String question, long seq, String option) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            return new Ack(f[1], f[2], Long.parseLong(f[3]), f[4]);
        }
    }

    @Test
    void everyAcknowledgedSaveIsStoredAfterTheWriterIsKilled() throws Exception {
        Path database = tempDir.resolve("db");
        List<Ack> acks = killedWhileSaving(database, ACKS_BEFORE_KILL);
        assertStored(database, acks);
        assertThat(database.resolve(SaveJournal.FILE_NAME)).as("emptied once applied and written").isEmptyFile();
    }

    /**
     * The database of a day that went before: scheduled, then closed (which writes and compacts the file). Starts and
     * saves made on it after it is opened again are in the file after a kill as well.
     */
    @Test
    void startsAndSavesOnADatabaseClosedBeforeSurviveTheWriterBeingKilled() throws Exception {
        Path database = tempDir.resolve("db");
        try (JdbiExamStorage storage = JdbiExamStorage.h2File(database).migrate()) {
            ExamEngine engine = ExamEngine.builder().storage(storage).build();
            // An exam taken on it before: its file grew, and closing it left free space where it wrote then.
            List<SessionId> earlier = AcknowledgingSaveWriter.schedule(engine, "earlier");
            for (int i = 0; i < earlier.size(); i++) {
                Actor worker = Actor.worker("w-" + (i + 1));
                engine.startExam().startExam(new SessionCommand(worker, earlier.get(i)));
                for (int seq = 1; seq <= 500; seq++) {
                    int q = 1 + seq % AcknowledgingSaveWriter.QUESTIONS;
                    engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, earlier.get(i),
                            SampleExam.question(q), SampleExam.correctOption(q), 0, seq));
                }
            }
            AcknowledgingSaveWriter.schedule(engine, "durable");
        }
        List<Ack> acks = killedWhileSaving(database, 8, "durable");
        assertStored(database, acks);
        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(database).migrate()) {
            assertThat(reopened.sessions().findByAssessment(AssessmentId.of("durable")))
                    .as("every session the writer started").hasSize(AcknowledgingSaveWriter.SESSIONS)
                    .allSatisfy(s -> assertThat(s.status()).isEqualTo(SessionStatus.IN_PROGRESS));
        }
    }

    /** Runs the writer on {@code database}, kills it once it acknowledged {@code kill} saves, and returns them all. */
    private List<Ack> killedWhileSaving(Path database, int kill, String... writerArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                AcknowledgingSaveWriter.class.getName(), database.toString()));
        command.addAll(List.of(writerArgs));
        Process writer = new ProcessBuilder(command).redirectError(tempDir.resolve("writer.err").toFile()).start();
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acks.size() < kill && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acks.add(Ack.parse(line));
                }
            }
            assertThat(acks).as("acknowledged saves before the kill (see writer.err)").hasSize(kill);

            // Killed while it keeps saving: its next commits are in flight. (Through its handle, which leaves the
            // pipe of its output open, unlike Process.destroyForcibly.)
            writer.toHandle().destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();

            // What it printed up to the kill: the newest acknowledgements, made moments before it. The last line
            // may have been cut off by the kill, so it is left out.
            List<String> rest = out.lines().toList();
            rest.subList(0, Math.max(0, rest.size() - 1)).stream().filter(l -> l.startsWith("ACK "))
                    .map(Ack::parse).forEach(acks::add);
        } finally {
            writer.destroyForcibly();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        // Left by the killed writer: the saves since its last write of the database file (in a rotated journal as
        // well when it was killed while writing the file).
        assertThat(SaveJournal.files(database)).as("the saves' journal, left by the killed writer")
                .anySatisfy(f -> assertThat(f).isNotEmptyFile());
        return acks;
    }

    private static void assertStored(Path database, List<Ack> acks) {
        try (JdbiExamStorage reopened = JdbiExamStorage.h2File(database).migrate()) {
            for (Ack ack : acks) {
                Response stored = reopened.responses().find(SessionId.of(ack.session()), QuestionId.of(ack.question()))
                        .orElse(null);
                assertThat(stored).as("acknowledged save %s", ack).isNotNull();
                assertThat(stored.clientSeq()).as("acknowledged save %s", ack).isGreaterThanOrEqualTo(ack.seq());
                if (stored.clientSeq() == ack.seq()) {
                    assertThat(stored.optionId()).isEqualTo(OptionId.of(ack.option()));
                }
            }
            // Each session's progress, put back from the journal with its responses, counts them.
            for (String session : acks.stream().map(Ack::session).distinct().toList()) {
                SessionId id = SessionId.of(session);
                long answered = reopened.responses().findBySession(id).stream().filter(Response::isAnswered).count();
                assertThat(reopened.sessions().findById(id)).hasValueSatisfying(s -> assertThat(s.answeredCount())
                        .as("answered count of %s", session).isEqualTo(answered));
            }
        }
    }
}
