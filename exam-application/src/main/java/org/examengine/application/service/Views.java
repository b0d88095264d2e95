package org.examengine.application.service;

import java.time.Instant;
import java.util.List;

import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.SessionStatusView;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.session.ExamSession;

/** Builds the views returned by the use cases from domain objects. */
final class Views {

    private Views() {
    }

    static MonitoringRow row(ExamSession s, Assessment a, String name, Instant now) {
        return new MonitoringRow(s.id(), name, s.displayStatus(a, now), s.answeredCount(), s.totalQuestions(),
                s.scorePercent(), ExamResult.resultLabel(s.passed()), s.remainingSeconds(a, now).orElse(null),
                s.startedAt(), s.completedAt(), s.isOnline(a, now), s.version(), s.extraTimeSeconds(),
                s.creditedSeconds(), s.lastSeenAt());
    }

    static SessionStatusView status(ExamSession s, Assessment a, Instant now) {
        GroupStatus group = a.isClosedEarly() ? GroupStatus.CLOSED
                : a.isUpcoming(now) ? GroupStatus.UPCOMING : GroupStatus.OPEN;
        return new SessionStatusView(s.id(), s.displayStatus(a, now), s.remainingSeconds(a, now).orElse(null),
                s.deadline(a, now).orElse(null), s.closedBy(), s.extraTimeSeconds(), s.creditedSeconds(), group,
                now, s.version(), a.opensAt());
    }

    static List<ExamSheet.PaperOption> options(Question q) {
        return q.options().stream().map(o -> new ExamSheet.PaperOption(o.id(), o.text())).toList();
    }

    static ExamSheet.PaperQuestion paperQuestion(Question q) {
        return new ExamSheet.PaperQuestion(q.id(), q.text(), q.weight(), options(q));
    }
}
