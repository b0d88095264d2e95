package org.examengine.domain.assessment;

import java.time.Duration;

import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;

/**
 * The per-assessment rules that have sensible defaults ({@link #defaults()}).
 *
 * @param grace            how long after the deadline a SubmitExam is still accepted (default 120 s, 0 to 1 h)
 * @param offlineAfter     a session without a heartbeat for this long is shown offline (default 90 s, 10 s to 1 h)
 * @param expiry           what happens when deadline + grace passes (default {@link ExpiryPolicy#AUTO_SUBMIT})
 * @param outageCreditCap  the most time a session can be credited for outages; {@link Duration#ZERO} (the
 *                         default) turns outage credit off; at most 1 h
 * @param allowReview      whether a worker sees the correct options after the session is closed (default false)
 * @param questionsPerPage how many questions the exam page shows at once (default 10, 1 to 100)
 * @param shuffleQuestions whether each session gets its own question order (default true)
 * @param shuffleOptions   whether each session gets its own option order per question (default true)
 */
public record ExamPolicy(Duration grace, Duration offlineAfter, ExpiryPolicy expiry, Duration outageCreditCap,
                         boolean allowReview, int questionsPerPage, boolean shuffleQuestions, boolean shuffleOptions) {

    private static final Duration ONE_HOUR = Duration.ofHours(1);

    /**
     * @throws ExamException {@code INVALID_INPUT} when a value is out of its range
     */
    public ExamPolicy {
        Require.notNull(grace, "grace");
        Require.notNull(offlineAfter, "offlineAfter");
        Require.notNull(expiry, "expiry policy");
        Require.notNull(outageCreditCap, "outageCreditCap");
        Require.range(grace.toSeconds(), 0, ONE_HOUR.toSeconds(), "grace seconds");
        Require.range(offlineAfter.toSeconds(), 10, ONE_HOUR.toSeconds(), "offlineAfter seconds");
        Require.range(outageCreditCap.toSeconds(), 0, ONE_HOUR.toSeconds(), "outageCreditCap seconds");
        Require.range(questionsPerPage, 1, 100, "questionsPerPage");
        grace = Duration.ofSeconds(grace.toSeconds());
        offlineAfter = Duration.ofSeconds(offlineAfter.toSeconds());
        outageCreditCap = Duration.ofSeconds(outageCreditCap.toSeconds());
    }

    public static ExamPolicy defaults() {
        return new ExamPolicy(Duration.ofSeconds(120), Duration.ofSeconds(90), ExpiryPolicy.AUTO_SUBMIT,
                Duration.ZERO, false, 10, true, true);
    }

    public boolean outageCreditEnabled() {
        return !outageCreditCap.isZero();
    }

    public ExamPolicy withGrace(Duration value) {
        return new ExamPolicy(value, offlineAfter, expiry, outageCreditCap, allowReview, questionsPerPage,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withOfflineAfter(Duration value) {
        return new ExamPolicy(grace, value, expiry, outageCreditCap, allowReview, questionsPerPage,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withExpiry(ExpiryPolicy value) {
        return new ExamPolicy(grace, offlineAfter, value, outageCreditCap, allowReview, questionsPerPage,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withOutageCreditCap(Duration value) {
        return new ExamPolicy(grace, offlineAfter, expiry, value, allowReview, questionsPerPage,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withAllowReview(boolean value) {
        return new ExamPolicy(grace, offlineAfter, expiry, outageCreditCap, value, questionsPerPage,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withQuestionsPerPage(int value) {
        return new ExamPolicy(grace, offlineAfter, expiry, outageCreditCap, allowReview, value,
                shuffleQuestions, shuffleOptions);
    }

    public ExamPolicy withShuffle(boolean questions, boolean options) {
        return new ExamPolicy(grace, offlineAfter, expiry, outageCreditCap, allowReview, questionsPerPage,
                questions, options);
    }
}
