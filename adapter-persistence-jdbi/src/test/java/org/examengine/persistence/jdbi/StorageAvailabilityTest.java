package org.examengine.persistence.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a health check learns from the storage: an H2 file database answers while it is open, and not once H2 has
 * closed it, as H2 does by itself when a write of its file fails (a full disk); calls then fail as the storage
 * being unavailable, not as an unexpected error.
 */
class StorageAvailabilityTest {

    @TempDir
    Path tempDir;

    @Test
    void anH2FileDatabaseThatClosedIsNotAvailableAndItsCallsSaySo() throws Exception {
        Path database = tempDir.resolve("db");
        try (JdbiExamStorage storage = JdbiExamStorage.h2File(database).migrate()) {
            ExamEngine engine = ExamEngine.builder().storage(storage).build();
            List<SessionId> sessions = AcknowledgingSaveWriter.schedule(engine, "availability");
            Actor worker = Actor.worker("w-1");
            engine.startExam().startExam(new SessionCommand(worker, sessions.get(0)));
            assertThat(engine.storageAvailable()).as("open").isTrue();

            // As H2 does after a failed write of its file: the database closes under the engine's connections.
            try (Connection connection = DriverManager.getConnection(
                    JdbiExamStorage.h2Url(database, JdbiExamStorage.H2_SETTINGS), "sa", "");
                 Statement shutdown = connection.createStatement()) {
                shutdown.execute("SHUTDOWN IMMEDIATELY");
            }

            assertThat(engine.storageAvailable()).as("closed").isFalse();
            assertThatThrownBy(() -> engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, sessions.get(0),
                    SampleExam.question(1), SampleExam.correctOption(1), 0, 1)))
                    .isInstanceOfSatisfying(ExamException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
        }
    }
}
