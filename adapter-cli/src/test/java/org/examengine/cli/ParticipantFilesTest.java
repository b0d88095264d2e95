package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.examengine.application.port.in.ScheduleAssessmentCommand.ParticipantInput;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParticipantFilesTest {

    @TempDir
    Path dir;

    @Test
    void participantsAreReadByHeaderInAnyOrderWithOptionalColumns() throws IOException {
        Path file = Files.writeString(dir.resolve("people.csv"), """
                Name,ID,email
                "Doe, Jane",w-1,jane@example.com
                Budi,w-2,
                """);
        assertThat(ParticipantFiles.read(file)).containsExactly(
                new ParticipantInput("w-1", "Doe, Jane", null, "jane@example.com"),
                new ParticipantInput("w-2", "Budi", null, null));
    }

    @Test
    void aFileStartingWithAByteOrderMarkIsReadAsWithout() throws IOException {
        // As a spreadsheet saves "CSV UTF-8".
        Path file = Files.writeString(dir.resolve("excel.csv"), "\uFEFFid,name\nw-1,Ann\n");
        assertThat(ParticipantFiles.read(file)).containsExactly(new ParticipantInput("w-1", "Ann", null, null));
    }

    @Test
    void theApisDisplayNameColumnIsTakenForName() throws IOException {
        Path file = Files.writeString(dir.resolve("api.csv"), "id,displayName\nw-1,Ann\n");
        assertThat(ParticipantFiles.read(file)).containsExactly(new ParticipantInput("w-1", "Ann", null, null));

        Path both = Files.writeString(dir.resolve("both.csv"), "id,name,displayName\nw-1,Ann,Anna\n");
        assertThatThrownBy(() -> ParticipantFiles.read(both)).isInstanceOf(ExamException.class)
                .hasMessageContaining("both 'name' and 'displayName'")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void aMissingRequiredColumnIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("noname.csv"), "id,email\nw-1,a@b.c\n");
        assertThatThrownBy(() -> ParticipantFiles.read(file)).isInstanceOf(ExamException.class)
                .hasMessageContaining("'name' column").extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }

    @Test
    void aBadRowIsRejectedWithItsLine() throws IOException {
        for (List<String> bad : List.of(
                List.of("id,name\nw-1,Ann\nw 2,Bob\n", "line 3"),
                List.of("id,name\nw-1,Ann\nw-1,Again\n", "appears twice"),
                List.of("id,name,email\nw-1,Ann,not-an-email\n", "line 2"),
                List.of("id,name\nw-1,Ann,extra\n", "expected 2 columns"))) {
            Path file = Files.writeString(dir.resolve("bad.csv"), bad.get(0));
            assertThatThrownBy(() -> ParticipantFiles.read(file)).isInstanceOf(ExamException.class)
                    .hasMessageContaining(bad.get(1));
        }
    }
}
