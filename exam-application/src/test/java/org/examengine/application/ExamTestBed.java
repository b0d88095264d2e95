package org.examengine.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.MonitoringQuery;
import org.examengine.application.port.in.MonitoringRow;
import org.examengine.application.port.in.MonitoringSnapshot;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SessionStatusView;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.shared.Actor;

/**
 * An engine on in-memory storage with a manual clock, and a scheduled assessment: {@code participants}
 * workers ({@code w-1}...) on one package of {@code questions} questions (10 per page), opening at
 * {@link #OPENS}, {@link #DURATION_MINUTES} minutes long, passing at 60%.
 */
final class ExamTestBed {

    static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    static final int DURATION_MINUTES = 30;
    static final Actor ADMIN = Actor.admin("admin-1");
    static final Actor HC = Actor.hc("hc-1");

    final InMemoryExamStorage storage = new InMemoryExamStorage();
    final ManualClock clock = new ManualClock(OPENS.minusSeconds(3_600));
    final List<ExamEvent> events = new CopyOnWriteArrayList<>();
    final ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).random(new SeededRandomSource(11))
            .events(events::add).build();
    final AssessmentId assessmentId;
    final List<SessionId> sessions = new ArrayList<>();

    ExamTestBed(int participants, int questions, ExamPolicy policy) {
        this(participants, questions, policy, 1);
    }

    ExamTestBed(int participants, int questions, ExamPolicy policy, int packages) {
        List<PackageId> ids = new ArrayList<>();
        for (int p = 1; p <= packages; p++) {
            engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "pkg-" + p, questions));
            ids.add(PackageId.of("pkg-" + p));
        }
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                "asmt-1", "Forklift safety", OPENS, DURATION_MINUTES, 60, policy, ids, participants));
        assessmentId = scheduled.assessmentId();
        scheduled.sessions().forEach(s -> sessions.add(s.sessionId()));
    }

    static ExamTestBed standard() {
        return new ExamTestBed(3, 20, ExamPolicy.defaults());
    }

    /** Worker {@code n} (1-based). */
    static Actor worker(int n) {
        return Actor.worker("w-" + n);
    }

    SessionId sid(int n) {
        return sessions.get(n - 1);
    }

    void open() {
        clock.set(OPENS.plusSeconds(10));
    }

    ExamSheet start(int n) {
        return engine.startExam().startExam(new SessionCommand(worker(n), sid(n)));
    }

    SavedAnswer save(int n, int question, OptionId option, long seq) {
        return save(n, question, option, 0, seq);
    }

    SavedAnswer save(int n, int question, OptionId option, int page, long seq) {
        return engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker(n), sid(n), SampleExam.question(question),
                option, page, seq));
    }

    SavedAnswer answerCorrectly(int n, int question, long seq) {
        return save(n, question, SampleExam.correctOption(question), seq);
    }

    ExamResult submit(int n) {
        return engine.submitExam().submitExam(new SubmitExamCommand(worker(n), sid(n)));
    }

    SessionStatusView status(int n) {
        return engine.checkExamStatus().checkExamStatus(new SessionCommand(worker(n), sid(n)));
    }

    SessionCommand hcOn(int n) {
        return new SessionCommand(HC, sid(n));
    }

    ExamSession stored(int n) {
        return storage.sessions().findById(sid(n)).orElseThrow();
    }

    Assessment assessment() {
        return storage.assessments().findById(assessmentId).orElseThrow();
    }

    MonitoringSnapshot monitoring() {
        return engine.monitoring().getMonitoringProgress(new MonitoringQuery(HC, AssessmentRef.byId(assessmentId)));
    }

    MonitoringRow row(int n) {
        return monitoring().sessions().stream().filter(r -> r.sessionId().equals(sid(n))).findFirst().orElseThrow();
    }

    List<AuditAction> auditActions(int n) {
        return storage.audit().findBySession(sid(n)).stream().map(AuditEvent::action).toList();
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    void advanceMinutes(long minutes) {
        clock.advance(Duration.ofMinutes(minutes));
    }
}
