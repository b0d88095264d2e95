package org.examengine.domain.exampackage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The questions of a package in one session's order, derived deterministically from the session's stored
 * seed: the same package and seed give the same order on every node, after every restart, forever.
 *
 * <p>The shuffle is a Fisher-Yates pass driven by {@link java.util.Random}, whose algorithm the JDK
 * specifies, so the order does not depend on the JDK version.
 */
public final class Paper {

    private Paper() {
    }

    /**
     * @param shuffleQuestions when false the authoring order is kept
     * @param shuffleOptions   when false each question keeps its options' authoring order
     */
    public static List<Question> of(ExamPackage pkg, long seed, boolean shuffleQuestions, boolean shuffleOptions) {
        Random random = new Random(seed);
        List<Question> questions = new ArrayList<>(pkg.questions());
        if (shuffleQuestions) {
            shuffle(questions, random);
        }
        if (!shuffleOptions) {
            return List.copyOf(questions);
        }
        List<Question> result = new ArrayList<>(questions.size());
        for (Question q : questions) {
            List<Option> options = new ArrayList<>(q.options());
            shuffle(options, random);
            result.add(new Question(q.id(), q.text(), options, q.weight()));
        }
        return List.copyOf(result);
    }

    private static <T> void shuffle(List<T> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
