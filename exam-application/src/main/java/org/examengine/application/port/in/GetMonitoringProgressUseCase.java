package org.examengine.application.port.in;

import java.util.Optional;
import java.util.Set;

import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

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

    /**
     * Brings {@code previous}, a view this use case returned, up to date for the sessions in {@code changed},
     * in two storage reads (the assessment and those sessions) instead of reading the whole group: for a live
     * view that learns which sessions changed from the engine's events. The changed rows and the header (version,
     * summary, group status, {@code asOf}) are current; every other row is kept as it was, time-driven fields
     * (online, remaining time, Upcoming) included, so a caller keeping a view this way also reads it whole now
     * and then.
     *
     * <p>Empty when the change needs the whole read: the assessment itself changed, a session is not in
     * {@code previous}, or one is overdue (the whole read closes it).
     *
     * @throws ExamException with the codes listed above
     */
    Optional<MonitoringSnapshot> refreshMonitoringProgress(Actor actor, MonitoringSnapshot previous,
                                                           Set<SessionId> changed);
}
