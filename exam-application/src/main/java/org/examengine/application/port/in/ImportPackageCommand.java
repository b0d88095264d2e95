package org.examengine.application.port.in;

import java.util.List;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Require;

/**
 * A package to import.
 *
 * @param packageId null to generate one
 */
public record ImportPackageCommand(Actor actor, String packageId, String title, List<QuestionInput> questions) {

    /**
     * @param id     null to generate one
     * @param weight null for the default weight 1
     */
    public record QuestionInput(String id, String text, List<OptionInput> options, Integer weight) {
        public QuestionInput {
            options = Require.entries(options, "options");
        }
    }

    /**
     * @param id null to generate one; unique within the whole package, not only within its question (options of
     *           different questions cannot both be {@code a})
     */
    public record OptionInput(String id, String text, boolean correct) {
    }

    public ImportPackageCommand {
        Require.notNull(actor, "actor");
        Require.text(title, "title", 300);
        questions = Require.entries(Require.notEmpty(questions, "questions"), "questions");
    }
}
