package org.examengine.application.port.out;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.ExamException;

/** Storage of assessments. Called inside a {@link TransactionRunner} transaction. */
public interface AssessmentRepository {

    /**
     * Stores a new assessment as given (its version is stored as is).
     *
     * @throws ExamException {@code DUPLICATE_ID} when the id exists, {@code DUPLICATE_ASSESSMENT} when another
     *                       assessment has the same title, category and schedule date
     */
    void insert(Assessment assessment);

    /**
     * Replaces the stored assessment if its stored version equals {@code assessment.version()}.
     *
     * @return the assessment with its version incremented by one
     * @throws ExamException {@code CONCURRENT_UPDATE} when the stored version differs,
     *                       {@code ASSESSMENT_NOT_FOUND} when it does not exist
     */
    Assessment update(Assessment assessment);

    Optional<Assessment> findById(AssessmentId id);

    /** The assessment with exactly this title, category and schedule date (case-sensitive). */
    Optional<Assessment> findByKey(String title, String category, LocalDate scheduleDate);

    /** Assessments matching every given criterion, newest schedule date first, then title, at most {@code limit}. */
    List<Assessment> search(AssessmentSearch search);
}
