package org.examengine.domain.exampackage;

import java.util.List;
import java.util.Optional;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * A multiple-choice question: text, two or more options of which exactly one is correct, and a weight
 * (1 by default) that counts towards the score.
 *
 * @throws ExamException {@code INVALID_PACKAGE} when the option rules are broken
 */
public record Question(QuestionId id, String text, List<Option> options, int weight) {

    public static final int MAX_OPTIONS = 26;
    public static final int MAX_WEIGHT = 1_000;

    public Question {
        Require.notNull(id, "question id");
        Require.text(text, "question text", 10_000);
        options = List.copyOf(Require.notNull(options, "options"));
        if (options.size() < 2 || options.size() > MAX_OPTIONS) {
            throw new ExamException(ErrorCode.INVALID_PACKAGE,
                    "question " + id + " must have between 2 and " + MAX_OPTIONS + " options, has " + options.size());
        }
        long correct = options.stream().filter(Option::correct).count();
        if (correct != 1) {
            throw new ExamException(ErrorCode.INVALID_PACKAGE,
                    "question " + id + " must have exactly one correct option, has " + correct);
        }
        if (options.stream().map(Option::id).distinct().count() != options.size()) {
            throw new ExamException(ErrorCode.INVALID_PACKAGE, "question " + id + " repeats an option id");
        }
        if (weight < 1 || weight > MAX_WEIGHT) {
            throw new ExamException(ErrorCode.INVALID_PACKAGE,
                    "question " + id + " weight must be between 1 and " + MAX_WEIGHT + ", was " + weight);
        }
    }

    /** The correct option; exists by construction. */
    public Option correctOption() {
        return options.stream().filter(Option::correct).findFirst().orElseThrow();
    }

    public Optional<Option> option(OptionId optionId) {
        return options.stream().filter(o -> o.id().equals(optionId)).findFirst();
    }

    public boolean isCorrect(OptionId optionId) {
        return correctOption().id().equals(optionId);
    }
}
