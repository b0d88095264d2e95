package org.examengine.persistence.jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SavedAnswer;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;

/**
 * The process that {@link AcknowledgedSavesSurviveSigkillTest} kills: on an H2 file database opened by
 * {@link JdbiExamStorage#h2File(java.nio.file.Path)}, one thread per session saves answers through the engine as
 * fast as it can and prints one line per save the engine acknowledged,
 * {@code ACK <session> <question> <clientSeq> <option>}, until the process is killed.
 *
 * <p>Arguments: the directory of the database; optionally the id of an assessment already scheduled there, whose
 * sessions it starts and saves to (else it schedules {@code durable} itself).
 */
final class AcknowledgingSaveWriter {

    static final int SESSIONS = 4;
    static final int QUESTIONS = 50;

    private AcknowledgingSaveWriter() {
    }

    public static void main(String[] args) {
        JdbiExamStorage storage = JdbiExamStorage.h2File(Path.of(args[0])).migrate();
        ExamEngine engine = ExamEngine.builder().storage(storage).clock(Clock.systemUTC()).build();
        // With a second argument the assessment is in the database already (scheduled by a process that closed it).
        List<SessionId> sessions = args.length > 1
                ? storage.sessions().findByAssessment(AssessmentId.of(args[1])).stream().map(ExamSession::id).toList()
                : schedule(engine);
        for (int i = 0; i < SESSIONS; i++) {
            engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + (i + 1)), sessions.get(i)));
        }
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; i < SESSIONS; i++) {
            int index = i;
            Thread saver = new Thread(() -> save(engine, sessions.get(index), Actor.worker("w-" + (index + 1))),
                    "saver-" + i);
            saver.start();
        }
    }

    /** Imports a package and schedules the assessment {@code durable}, opened a minute ago, one session a worker. */
    static List<SessionId> schedule(ExamEngine engine) {
        return schedule(engine, "durable");
    }

    /** Imports a package and schedules an assessment of that id, opened a minute ago, one session a worker. */
    static List<SessionId> schedule(ExamEngine engine, String id) {
        Actor admin = Actor.admin("admin");
        Instant opens = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        engine.importPackage().importPackage(SampleExam.packageCommand(admin, id, QUESTIONS));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(admin,
                id, "Durability " + id, opens, 600, 50, ExamPolicy.defaults(), List.of(PackageId.of(id)),
                SESSIONS));
        return scheduled.sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId).toList();
    }

    private static void save(ExamEngine engine, SessionId session, Actor worker) {
        for (long seq = 1; ; seq++) {
            int question = 1 + (int) (seq % QUESTIONS);
            OptionId option = seq % 3 == 0 ? SampleExam.wrongOption(question) : SampleExam.correctOption(question);
            SavedAnswer saved = engine.saveAnswer().saveAnswer(new SaveAnswerCommand(worker, session,
                    SampleExam.question(question), option, 0, seq));
            System.out.println("ACK " + saved.sessionId() + " " + saved.questionId() + " " + saved.clientSeq() + " "
                    + saved.optionId());
        }
    }
}
