package org.examengine.domain.grading;

/**
 * The outcome of grading one session.
 *
 * @param correctCount  questions answered with their correct option
 * @param correctWeight sum of the weights of those questions
 * @param totalWeight   sum of the weights of all questions of the package
 * @param scorePercent  {@code 100 * correctWeight / totalWeight}, rounded half-up to two decimals
 * @param passed        whether the exact (unrounded) score reaches the passing percentage
 */
public record Grade(int correctCount, int correctWeight, int totalWeight, double scorePercent, boolean passed) {
}
