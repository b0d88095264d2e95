package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * Reset (HC/ADMIN): a Completed or Abandoned session becomes NotStarted as a new attempt with a new package
 * draw and order; the previous attempt with its responses is kept as history.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code SESSION_NOT_FOUND}, {@code SESSION_STILL_OPEN},
 * {@code ASSESSMENT_CLOSED} (the assessment was closed early, or its {@code closesAt} has passed so that
 * no new attempt could start).
 */
public interface ResetUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringRow reset(SessionCommand command);
}
