package org.examengine.domain.exampackage;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * An ordered, immutable set of questions. A package never changes after import: a corrected version is
 * imported as a new package, so sessions already drawn on the old one keep grading against what their
 * workers saw.
 *
 * <p>Question ids and option ids are each unique within the package.
 */
public final class ExamPackage {

    public static final int MAX_QUESTIONS = 1_000;

    private final PackageId id;
    private final String title;
    private final List<Question> questions;
    private final Map<QuestionId, Question> byId;
    private final int totalWeight;

    /**
     * @throws ExamException {@code INVALID_PACKAGE} when empty, too large or repeating an id
     */
    public ExamPackage(PackageId id, String title, List<Question> questions) {
        this.id = Require.notNull(id, "package id");
        this.title = Require.text(title, "package title", 300);
        this.questions = List.copyOf(Require.notNull(questions, "questions"));
        if (this.questions.isEmpty() || this.questions.size() > MAX_QUESTIONS) {
            throw new ExamException(ErrorCode.INVALID_PACKAGE,
                    "a package needs between 1 and " + MAX_QUESTIONS + " questions, has " + this.questions.size());
        }
        Map<QuestionId, Question> index = new LinkedHashMap<>();
        Set<OptionId> optionIds = new HashSet<>();
        int weight = 0;
        for (Question q : this.questions) {
            if (index.put(q.id(), q) != null) {
                throw new ExamException(ErrorCode.INVALID_PACKAGE, "question id " + q.id() + " appears twice");
            }
            for (Option o : q.options()) {
                if (!optionIds.add(o.id())) {
                    throw new ExamException(ErrorCode.INVALID_PACKAGE, "option id " + o.id() + " appears twice");
                }
            }
            weight += q.weight();
        }
        this.byId = Map.copyOf(index);
        this.totalWeight = weight;
    }

    public PackageId id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** Questions in authoring order; a session sees them in its own shuffled order. */
    public List<Question> questions() {
        return questions;
    }

    public int size() {
        return questions.size();
    }

    public int totalWeight() {
        return totalWeight;
    }

    public Optional<Question> question(QuestionId questionId) {
        return Optional.ofNullable(byId.get(questionId));
    }

    /**
     * The question, checked to belong to this package, and the option, checked to belong to that question.
     *
     * @param optionId may be null (a cleared answer), then only the question is checked
     * @throws ExamException {@code QUESTION_NOT_IN_PACKAGE} or {@code OPTION_NOT_IN_QUESTION}
     */
    public Question checkAnswer(QuestionId questionId, OptionId optionId) {
        Question q = question(questionId).orElseThrow(() -> new ExamException(ErrorCode.QUESTION_NOT_IN_PACKAGE,
                "question " + questionId + " is not part of this session's package"));
        if (optionId != null && q.option(optionId).isEmpty()) {
            throw new ExamException(ErrorCode.OPTION_NOT_IN_QUESTION,
                    "option " + optionId + " does not belong to question " + questionId);
        }
        return q;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExamPackage other && id.equals(other.id) && title.equals(other.title)
                && questions.equals(other.questions);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "ExamPackage[" + id + ", " + questions.size() + " questions]";
    }
}
