package org.examengine.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TransactionRunnerTest {

    @Test
    void everyActionAfterACommitRunsEvenWhenOneThrowsAndTheFirstFailureIsThrownAfter() {
        List<String> ran = new ArrayList<>();
        List<Runnable> actions = List.of(() -> ran.add("a"), () -> {
            ran.add("b");
            throw new IllegalStateException("b failed");
        }, () -> ran.add("c"), () -> {
            throw new IllegalArgumentException("d failed");
        });

        assertThatThrownBy(() -> TransactionRunner.runAfterCommit(actions)).isInstanceOf(IllegalStateException.class)
                .hasMessage("b failed")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage)
                        .isEqualTo("d failed"));
        assertThat(ran).containsExactly("a", "b", "c");
    }
}
