package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * FindAssessments (HC/ADMIN): history search by title, category, schedule date range and group status.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code INVALID_INPUT}.
 */
public interface FindAssessmentsUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    java.util.List<AssessmentSummary> findAssessments(FindAssessmentsQuery command);
}
