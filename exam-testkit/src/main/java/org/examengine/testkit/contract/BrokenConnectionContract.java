package org.examengine.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.ExamResult;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.sample.SampleExam;
import org.examengine.application.support.SeededRandomSource;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A database server restarting under the storage: every connection its pool holds breaks at once, and new ones
 * open. A call on a broken connection is refused as {@code STORAGE_UNAVAILABLE} having changed nothing, and the
 * engine's writes carry on over the pool's next connections without an error reaching the worker. Adapters on a
 * database server extend this class with a fresh storage and a way to end its connections.
 */
public abstract class BrokenConnectionContract {

    private static final Actor ADMIN = Actor.admin("admin");
    private static final Instant OPENS = Instant.parse("2026-03-02T08:00:00Z");
    private static final int SESSIONS = 4;
    private static final int QUESTIONS = 10;

    private ExecutorService threads;

    /** A new, migrated storage with no data, whose pool holds at most a few connections. */
    protected abstract ExamStorage createStorage();

    /**
     * Ends every connection to the database of the storage last created, as a restart of its server does, and
     * returns once they are gone; connections opened afterwards work.
     */
    protected abstract void breakAllConnections();

    private record Started(ExamStorage storage, ExamEngine engine, List<SessionId> sessionIds) {
    }

    private Started started() {
        ExamStorage storage = createStorage();
        ExamEngine engine = ExamEngine.builder().storage(storage).clock(new ManualClock(OPENS.plusSeconds(10)))
                .random(new SeededRandomSource(7)).build();
        engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "restart-pkg", QUESTIONS));
        ScheduledAssessment scheduled = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                "restart", "restart", OPENS, 60, 50, ExamPolicy.defaults(), List.of(PackageId.of("restart-pkg")),
                SESSIONS));
        List<SessionId> ids = scheduled.sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId)
                .toList();
        for (int i = 0; i < SESSIONS; i++) {
            engine.startExam().startExam(new SessionCommand(worker(i), ids.get(i)));
        }
        return new Started(storage, engine, ids);
    }

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    @Test
    void aReadOnABrokenConnectionIsRefusedAsStorageUnavailableNotTakenForAMissingRow() {
        Started s = started();
        SessionId sid = s.sessionIds().get(0);

        assertThatThrownBy(() -> s.storage().transactions().inTransaction(() -> {
            s.storage().responses().findBySession(sid);
            breakAllConnections();
            return s.storage().sessions().findByIdForUpdate(sid);
        })).isInstanceOfSatisfying(ExamException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));
        assertThatThrownBy(() -> s.storage().transactions().inTransaction(() -> {
            s.storage().responses().findBySession(sid);
            breakAllConnections();
            return s.storage().sessions().findById(sid);
        })).isInstanceOfSatisfying(ExamException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));

        assertThat(afterTheBreak(() -> s.storage().sessions().findById(sid))).isPresent();
    }

    @Test
    void aWriteOnABrokenConnectionIsRefusedAsStorageUnavailableAndChangesNothing() {
        Started s = started();
        SessionId sid = s.sessionIds().get(0);
        s.engine().saveAnswer().saveAnswer(new SaveAnswerCommand(worker(0), sid, SampleExam.question(1),
                OptionId.of("q1.a"), 0, 1));
        ExamSession before = s.storage().sessions().findById(sid).orElseThrow();
        Assessment assessment = s.storage().assessments().findById(before.assessmentId()).orElseThrow();

        assertThatThrownBy(() -> s.storage().transactions().inTransaction(() -> {
            s.storage().responses().findBySession(sid);
            breakAllConnections();
            s.storage().sessions().update(before.pause(assessment, OPENS.plusSeconds(60)));
            return null;
        })).isInstanceOfSatisfying(ExamException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE));

        ExamSession after = afterTheBreak(() -> s.storage().sessions().findById(sid)).orElseThrow();
        assertThat(after.status()).isEqualTo(SessionStatus.IN_PROGRESS);
        assertThat(after.version()).isEqualTo(before.version());
    }

    @Test
    void workersWhoseSubmitsFindEveryConnectionBrokenSeeNoErrorAndLoseNothing() throws Exception {
        Started s = started();
        threads = Executors.newFixedThreadPool(SESSIONS);
        Map<SessionId, Map<QuestionId, OptionId>> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean saving = new AtomicBoolean(true);
        CyclicBarrier stopped = new CyclicBarrier(SESSIONS + 1);
        CyclicBarrier broken = new CyclicBarrier(SESSIONS + 1);
        List<Future<ExamResult>> futures = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            int index = i;
            SessionId sid = s.sessionIds().get(i);
            // Every worker saves without a pause, so that each of the pool's connections was just used when it
            // breaks, and is handed out again unchecked; the submits that follow at once meet the broken ones.
            futures.add(threads.submit(() -> {
                for (int round = 0; saving.get(); round++) {
                    int q = 1 + round % QUESTIONS;
                    OptionId option = OptionId.of("q" + q + "." + (char) ('a' + round % 4));
                    s.engine().saveAnswer().saveAnswer(new SaveAnswerCommand(worker(index), sid,
                            SampleExam.question(q), option, 0, round + 1L));
                    acknowledged.computeIfAbsent(sid, k -> new ConcurrentHashMap<>())
                            .put(SampleExam.question(q), option);
                }
                stopped.await(60, TimeUnit.SECONDS);
                broken.await(60, TimeUnit.SECONDS);
                return s.engine().submitExam().submitExam(new SubmitExamCommand(worker(index), sid));
            }));
        }
        Thread.sleep(300);
        saving.set(false);
        stopped.await(60, TimeUnit.SECONDS);
        breakAllConnections();
        broken.await(60, TimeUnit.SECONDS);
        for (Future<ExamResult> f : futures) {
            assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(SessionStatus.COMPLETED);
        }

        for (SessionId sid : s.sessionIds()) {
            Map<QuestionId, OptionId> stored = afterTheBreak(() -> s.storage().responses().findBySession(sid)).stream()
                    .filter(r -> r.optionId() != null)
                    .collect(Collectors.toMap(Response::questionId, Response::optionId));
            assertThat(stored).as("session %s", sid).isEqualTo(acknowledged.get(sid));
        }
    }

    /**
     * A read made straight on the storage, which retries nothing: while the pool still hands out connections that
     * broke, it is refused as {@code STORAGE_UNAVAILABLE}, and tried again here.
     */
    private static <T> T afterTheBreak(Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (ExamException e) {
                if (e.code() != ErrorCode.STORAGE_UNAVAILABLE || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * Ends every other connection to the PostgreSQL database at {@code jdbcUrl}, as its server's restart does, and
     * waits until they are gone.
     */
    protected static void endPostgresConnections(String jdbcUrl, String user) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end the connections to " + jdbcUrl, e);
        }
    }

    private static Actor worker(int i) {
        return Actor.worker("w-" + (i + 1));
    }
}
