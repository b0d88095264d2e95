package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ExportResults (HC/ADMIN): one row per session with the participant's name and employee number, status,
 * score and times, for HR reporting. E-mail addresses are not exported.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code ASSESSMENT_NOT_FOUND}.
 */
public interface ExportResultsUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    ResultsExport exportResults(AssessmentCommand command);
}
