package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * CloseGroupEarly (HC/ADMIN): closes the whole assessment now. Every open session is closed as by ForceClose
 * (overdue ones by their expiry policy); workers learn it at their next status check or push.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code ASSESSMENT_NOT_FOUND}, {@code ASSESSMENT_CLOSED} (already closed early).
 */
public interface CloseGroupEarlyUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringSnapshot closeGroupEarly(AssessmentCommand command);
}
