package org.examengine.domain.exampackage;

import org.examengine.domain.shared.Require;

/**
 * One answer choice of a question.
 *
 * @param id      unique within the package
 * @param text    shown to the worker, 1 to 2,000 characters
 * @param correct whether this is the question's correct option; exactly one per question is
 */
public record Option(OptionId id, String text, boolean correct) {

    public Option {
        Require.notNull(id, "option id");
        Require.text(text, "option text", 2_000);
    }
}
