package org.examengine.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "0", "s-1", "pkg.v2", "q_10", "urn:x:y", "ani@example.com", "AZaz09._:-@"})
    void acceptsLettersDigitsAndTheFiveMarks(String id) {
        assertThat(Ids.check(id, "sessionId")).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "a b", "a/b", "a%2F", "é", "a\u0000", "a\n", "ｓ", "a;b", "a+b", "a\\b", "a|b", "a'b"})
    void refusesEverythingElseNamingTheKind(String id) {
        assertThatThrownBy(() -> Ids.check(id, "sessionId"))
                .isInstanceOfSatisfying(ExamException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).startsWith("sessionId must be 1-100 characters");
                });
    }

    @Test
    void allowsAtMostOneHundredCharacters() {
        assertThat(Ids.check("x".repeat(100), "questionId")).hasSize(100);
        assertThatThrownBy(() -> Ids.check("x".repeat(101), "questionId")).isInstanceOf(ExamException.class);
    }
}
