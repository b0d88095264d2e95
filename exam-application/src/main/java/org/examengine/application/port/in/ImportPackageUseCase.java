package org.examengine.application.port.in;

import org.examengine.domain.shared.ExamException;

/**
 * ImportPackage (ADMIN): stores a new immutable package. Missing question and option ids are generated.
 *
 * <p>Codes: {@code FORBIDDEN}, {@code INVALID_PACKAGE}, {@code INVALID_INPUT}, {@code DUPLICATE_ID}.
 */
public interface ImportPackageUseCase {

    /**
     * @throws ExamException with the codes listed above; nothing is changed when it is thrown
     */
    PackageSummary importPackage(ImportPackageCommand command);
}
