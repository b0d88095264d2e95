package org.examengine.application.port.in;

import org.examengine.domain.exampackage.PackageId;

/** An imported package. */
public record PackageSummary(PackageId id, String title, int questionCount, int totalWeight) {
}
