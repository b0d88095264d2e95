package org.examengine.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequireTest {

    @Test
    void textWithTheNulCharacterIsRefusedAsInvalidInputOnEveryStorageAlike() {
        assertThatThrownBy(() -> Require.text("Fork\u0000lift", "title", 300))
                .isInstanceOf(ExamException.class)
                .hasMessageContaining("title must not contain the NUL character")
                .extracting("code").isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(Require.text("Forklift \u00e9 \u2013 \t safety", "title", 300)).isEqualTo("Forklift \u00e9 \u2013 \t safety");
    }

    @Test
    void textIsRequiredAndBounded() {
        assertThatThrownBy(() -> Require.text("  ", "title", 300)).hasMessageContaining("title is required");
        assertThatThrownBy(() -> Require.text("abcd", "title", 3)).hasMessageContaining("longer than 3");
    }
}
