package org.examengine.application.port.in;

import java.time.Instant;
import java.util.List;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;

/**
 * A session's history.
 *
 * @param attempt  the number of the current attempt (1 before any reset)
 * @param attempts the earlier attempts, oldest first
 * @param events   the session's audit events, oldest first
 */
public record SessionHistory(SessionId sessionId, AssessmentId assessmentId, ParticipantId participantId,
                             int attempt, SessionStatus status, List<PastAttempt> attempts,
                             List<AuditLogEntry> events) {

    public SessionHistory {
        attempts = List.copyOf(attempts);
        events = List.copyOf(events);
    }

    /**
     * An attempt closed and kept when the session was reset.
     *
     * @param startedAt    null when it was never started
     * @param scorePercent null when it was abandoned
     * @param passed       null when it was abandoned
     */
    public record PastAttempt(int attempt, PackageId packageId, SessionStatus status, ClosedBy closedBy,
                              Instant startedAt, Instant completedAt, Double scorePercent, Boolean passed,
                              String result, int answeredCount, Instant archivedAt, List<Answer> answers) {

        public PastAttempt {
            answers = List.copyOf(answers);
        }

        public static PastAttempt of(AttemptRecord r) {
            List<Answer> answers = r.responses().stream().map(Answer::of).toList();
            int answered = (int) r.responses().stream().filter(Response::isAnswered).count();
            return new PastAttempt(r.attempt(), r.packageId(), r.status(), r.closedBy(), r.startedAt(),
                    r.completedAt(), r.scorePercent(), r.passed(), ExamResult.resultLabel(r.passed()), answered,
                    r.archivedAt(), answers);
        }
    }

    /** @param optionId null when the answer was cleared */
    public record Answer(QuestionId questionId, OptionId optionId, long clientSeq, Instant savedAt) {

        static Answer of(Response r) {
            return new Answer(r.questionId(), r.optionId(), r.clientSeq(), r.savedAt());
        }
    }
}
