package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * StartExam (WORKER, own session). The first call makes a NotStarted session InProgress and records
 * {@code startedAt}; later calls resume it and never reset {@code startedAt}. Returns what the exam page
 * needs: the questions in this session's order without their correct options, the saved answers, the last
 * page and the remaining time.
 *
 * <p>Codes: {@code SESSION_NOT_FOUND} (unknown or another worker's), {@code FORBIDDEN} (not a worker),
 * {@code NOT_YET_OPEN}, {@code ASSESSMENT_CLOSED}, {@code SESSION_CLOSED}.
 */
public interface StartExamUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    ExamSheet startExam(SessionCommand command);
}
