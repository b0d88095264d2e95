package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * GetMonitoringProgress (HC/ADMIN): every session of an assessment with its progress, in a fixed number of
 * storage reads whatever the group size. Contains no private participant data.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code ASSESSMENT_NOT_FOUND}.
 */
public interface GetMonitoringProgressUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    MonitoringSnapshot getMonitoringProgress(MonitoringQuery command);
}
