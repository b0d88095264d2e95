package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ScheduleAssessment (ADMIN): creates the assessment, registers (or updates) its participants and creates one
 * NotStarted session per participant, each with a package drawn at random from the assessment's packages and
 * its own order seed. Creating sessions up front keeps StartExam one cheap write during the start rush.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code INVALID_INPUT}, {@code PACKAGE_NOT_FOUND}, {@code DUPLICATE_ASSESSMENT},
 * {@code DUPLICATE_ID}.
 */
public interface ScheduleAssessmentUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    ScheduledAssessment scheduleAssessment(ScheduleAssessmentCommand command);
}
