package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.examengine.application.port.out.CommitOutcomeUnknownException;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;

/** The exit code a script sees for each kind of refusal, whether the engine ran in the CLI or behind a server. */
class ExitCodesTest {

    @Test
    void aDatabaseOutOfReachExitsAsAConnectionFailureThatAScriptMayRetry() {
        assertThat(ExitCodes.of(new ExamException(ErrorCode.STORAGE_UNAVAILABLE, "retry"))).isEqualTo(4);
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownIsNotAConnectionFailureToRetry() {
        Exception cut = new CommitOutcomeUnknownException("broke during the commit",
                new SQLException("I/O error", "08006"));

        assertThat(ExitCodes.of(cut)).isEqualTo(5);
        assertThat(ExitCodes.of(new IllegalStateException("failed", new SQLException("I/O error", "08006"))))
                .as("a connection failure before anything was sent").isEqualTo(4);
    }

    @Test
    void aDatabaseFileThatAServerHoldsOpenIsNamedAsSuchWithWhatToDoInstead() {
        Exception inUse = new IllegalStateException("pool", new SQLException(
                "Database may be already in use: \"exam-data/exam-engine.mv.db\"", "90020"));

        assertThat(ExitCodes.of(inUse)).isEqualTo(4);
        assertThat(ExitCodes.message(inUse)).startsWith("cannot connect: the database is in use by another process")
                .contains("--server URL --token TOKEN");
    }

    @Test
    void everyEngineCodeHasTheExitCodeOfItsKind() {
        for (ErrorCode code : ErrorCode.values()) {
            int expected = switch (code.kind()) {
                case INVALID -> 2;
                case NOT_FOUND -> 3;
                case UNAVAILABLE -> 4;
                default -> 1;
            };
            assertThat(ExitCodes.of(new ExamException(code, "x"))).as(code.name()).isEqualTo(expected);
        }
    }
}
