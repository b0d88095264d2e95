package org.examengine.cli;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.ExamSheet;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

/**
 * Workers simulated inside the process, calling the engine directly: each starts within a few seconds,
 * answers its questions one by one (mostly correctly) at a steady pace, waits out a pause and submits. The last
 * worker of the list never starts, so a NotStarted row stays visible. For demos.
 */
final class VirtualWorkers implements AutoCloseable {

    private final ExecutorService pool;

    private VirtualWorkers(ExecutorService pool) {
        this.pool = pool;
    }

    /**
     * Starts the workers of a {@link SampleExam} assessment and returns at once.
     *
     * @param seconds about how long each worker takes for the whole exam
     */
    static VirtualWorkers start(ExamEngine engine, ScheduledAssessment exam, int questions, int seconds, long seed) {
        List<ScheduledAssessment.ScheduledSession> sessions = exam.sessions();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, sessions.size() - 1), r -> {
            Thread t = new Thread(r, "virtual-worker");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < sessions.size() - 1; i++) {
            Actor worker = Actor.worker(sessions.get(i).participantId().value());
            SessionId sid = sessions.get(i).sessionId();
            SplittableRandom random = new SplittableRandom(seed + i);
            pool.submit(() -> takeExam(engine, worker, sid, questions, seconds, random));
        }
        return new VirtualWorkers(pool);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private static void takeExam(ExamEngine engine, Actor worker, SessionId sid, int questions, int seconds,
                                 SplittableRandom random) {
        try {
            sleep(random.nextInt(3_000));
            ExamSheet sheet = engine.startExam().startExam(new SessionCommand(worker, sid));
            long think = seconds * 1_000L / questions;
            long seq = 0;
            for (int i = 0; i < sheet.questions().size(); i++) {
                ExamSheet.PaperQuestion q = sheet.questions().get(i);
                sleep(think / 2 + random.nextLong(think + 1));
                OptionId option = random.nextInt(4) == 0 ? q.options().get(0).id()
                        : SampleExam.correctOption(Integer.parseInt(q.id().value().substring(1)));
                SaveAnswerCommand save = new SaveAnswerCommand(worker, sid, q.id(), option,
                        i / sheet.questionsPerPage(), ++seq);
                whilePaused(() -> engine.saveAnswer().saveAnswer(save));
            }
            whilePaused(() -> engine.submitExam().submitExam(new SubmitExamCommand(worker, sid)));
        } catch (RuntimeException e) {
            // A virtual worker whose session was closed by HC, or whose process is stopping, simply stops.
        }
    }

    /** Runs the call, waiting while HC has the session paused. */
    private static void whilePaused(Runnable call) {
        while (true) {
            try {
                call.run();
                return;
            } catch (ExamException e) {
                if (e.code() != ErrorCode.SESSION_PAUSED) {
                    throw e;
                }
                sleep(500);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopping", e);
        }
    }
}
