package org.examengine.application.port.out;

import java.util.Optional;

import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ExamException;

/** Storage of packages. Packages are immutable: there is no update and no delete. */
public interface PackageRepository {

    /**
     * Stores a new package with its questions and options in their authoring order.
     *
     * @throws ExamException {@code DUPLICATE_ID} when the package id exists
     */
    void insert(ExamPackage pkg);

    /** The package with its questions and options in authoring order. */
    Optional<ExamPackage> findById(PackageId id);
}
