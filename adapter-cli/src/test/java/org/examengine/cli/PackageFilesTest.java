package org.examengine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.examengine.application.port.in.ImportPackageCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageFilesTest {

    private static final Actor ADMIN = Actor.admin("admin");

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aJsonPackageIsReadWithItsIdsAndDefaults() throws IOException {
        Path file = write("p.json", """
                {"id": "safety-v2", "title": "Safety v2", "questions": [
                  {"id": "k1", "text": "Helmet?", "weight": 2, "options": [
                    {"id": "k1-yes", "text": "Yes", "correct": true}, {"id": "k1-no", "text": "No", "correct": false}]},
                  {"text": "Gloves?", "options": [{"text": "Always", "correct": true}, {"text": "Never"}]}
                ]}
                """);
        ImportPackageCommand command = PackageFiles.read(file, ADMIN, null, null);
        assertThat(command.packageId()).isEqualTo("safety-v2");
        assertThat(command.title()).isEqualTo("Safety v2");
        assertThat(command.questions()).extracting(ImportPackageCommand.QuestionInput::id).containsExactly("k1", "q2");
        assertThat(command.questions().get(0).weight()).isEqualTo(2);
        assertThat(command.questions().get(1).options()).extracting(ImportPackageCommand.OptionInput::id)
                .containsExactly("q2.a", "q2.b");
    }

    @Test
    void aBodyWrittenForTheApiWithPackageIdIsReadAsAPackageFile() throws IOException {
        Path file = write("api.json", """
                {"packageId": "safety-v3", "title": "Safety v3", "questions": [
                  {"text": "Helmet?", "options": [{"text": "Yes", "correct": true}, {"text": "No"}]}]}
                """);
        assertThat(PackageFiles.read(file, ADMIN, null, null).packageId()).isEqualTo("safety-v3");
        assertThat(PackageFiles.read(file, ADMIN, "chosen", null).packageId()).as("--id wins").isEqualTo("chosen");

        Path both = write("both.json", """
                {"id": "a", "packageId": "b", "title": "T", "questions": [
                  {"text": "Q", "options": [{"text": "Yes", "correct": true}, {"text": "No"}]}]}
                """);
        assertThatThrownBy(() -> PackageFiles.read(both, ADMIN, null, null))
                .isInstanceOf(ExamException.class).hasMessageContaining("both.json line 1")
                .hasMessageContaining("\"id\" and \"packageId\" are the same field")
                .extracting("code").isEqualTo(ErrorCode.INVALID_PACKAGE);
    }

    @Test
    void aCsvPackageIsReadWithAHeaderQuotedCommasAndLetterOrNumberMarkers() throws IOException {
        Path file = write("forklift.csv", """
                question,option,option,option,correct
                "Max load, in kg?",500,"1,000",2000,B

                Who may drive?,Anyone,Trained staff,3
                """.replace("Trained staff,3", "Trained staff,Visitors,2"));
        ImportPackageCommand command = PackageFiles.read(file, ADMIN, null, null);
        assertThat(command.title()).isEqualTo("forklift");
        assertThat(command.questions()).hasSize(2);
        assertThat(command.questions().get(0).text()).isEqualTo("Max load, in kg?");
        assertThat(command.questions().get(0).options()).filteredOn(ImportPackageCommand.OptionInput::correct)
                .singleElement().extracting(ImportPackageCommand.OptionInput::text).isEqualTo("1,000");
        assertThat(command.questions().get(1).options()).filteredOn(ImportPackageCommand.OptionInput::correct)
                .singleElement().extracting(ImportPackageCommand.OptionInput::text).isEqualTo("Trained staff");
    }

    @Test
    void aCsvPackageStartingWithAByteOrderMarkIsReadAsWithout() throws IOException {
        Path file = write("excel.csv", "\uFEFFquestion,option,option,correct\nWho may drive?,Anyone,Trained staff,B\n");
        ImportPackageCommand command = PackageFiles.read(file, ADMIN, null, null);
        assertThat(command.questions()).singleElement().extracting(ImportPackageCommand.QuestionInput::text)
                .isEqualTo("Who may drive?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON            | bad.json  | '{"title": "T", "questions": [ {"text": "Q", '                                          | line 1
            two correct options (JSON)| two.json  | '{"title": "T",\\n"questions": [\\n{"text": "Q", "options": [{"text": "a", "correct": true}, {"text": "b", "correct": true}]}]}' | line 3
            unknown field (JSON)      | typo.json | '{"title": "T", "qestions": []}'                                                             | unknown field
            missing columns (CSV)     | short.csv | 'Q1,a,b,A\\nQ2,only,A'                                                                       | line 2
            two correct options (CSV) | two.csv   | 'Q1,a,b,c,A;C'                                                                               | more than one correct
            marker out of range (CSV) | range.csv | 'Q1,a,b,E'                                                                                   | not one of the 2 options
            truncated line (CSV)      | trunc.csv | 'Q1,a,b,A\\n"Q2 never closed,a,b,A'                                                          | line 2
            empty file (CSV)          | empty.csv | ''                                                                                           | no question
            """)
    void aBadFileIsRejectedWithItsLineAndNothingIsReturned(String label, String name, String content, String expected)
            throws IOException {
        Path file = write(name, content.replace("\\n", "\n"));
        assertThatThrownBy(() -> PackageFiles.read(file, ADMIN, null, null))
                .isInstanceOf(ExamException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(expected)
                .extracting("code").isEqualTo(ErrorCode.INVALID_PACKAGE);
    }

    @Test
    void anUnknownExtensionOrMissingFileIsAUsageError() throws IOException {
        assertThatThrownBy(() -> PackageFiles.read(write("p.txt", "x"), ADMIN, null, null))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThatThrownBy(() -> PackageFiles.read(dir.resolve("missing.json"), ADMIN, null, null))
                .isInstanceOf(ExamException.class).extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
    }
}
