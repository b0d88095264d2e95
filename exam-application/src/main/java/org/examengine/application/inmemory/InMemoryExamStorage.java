package org.examengine.application.inmemory;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AssessmentSearch;
import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.PackageRepository;
import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Storage in memory, for tests, demos and single-process embedding without a database. Thread-safe.
 *
 * <p>Transactions are serial: one lock is held for the whole transaction, so each use case sees and
 * leaves a consistent state, and {@link SessionRepository#findByIdForUpdate} needs no row lock. Every write
 * records how to undo itself; a transaction that throws is rolled back completely. A repository called
 * outside a transaction takes the lock for that one call.
 */
public final class InMemoryExamStorage implements ExamStorage {

    private final ReentrantLock lock = new ReentrantLock();
    private final ThreadLocal<Deque<Runnable>> undoLog = new ThreadLocal<>();

    private final Map<AssessmentId, Assessment> assessments = new LinkedHashMap<>();
    private final Map<PackageId, ExamPackage> packages = new HashMap<>();
    private final Map<ParticipantId, Participant> participants = new HashMap<>();
    private final Map<SessionId, ExamSession> sessions = new LinkedHashMap<>();
    private final Map<SessionId, Map<QuestionId, Response>> responses = new HashMap<>();
    private final Map<SessionId, List<AttemptRecord>> history = new HashMap<>();
    private final List<AuditEvent> audit = new ArrayList<>();

    private final TransactionRunner transactions = new Transactions();
    private final AssessmentRepository assessmentRepository = new InMemoryAssessmentRepository();
    private final PackageRepository packageRepository = new InMemoryPackageRepository();
    private final ParticipantRepository participantRepository = new InMemoryParticipantRepository();
    private final SessionRepository sessionRepository = new InMemorySessionRepository();
    private final ResponseRepository responseRepository = new InMemoryResponseRepository();
    private final AttemptHistoryRepository historyRepository = new InMemoryAttemptHistoryRepository();
    private final AuditLog auditLog = new InMemoryAuditLog();

    @Override
    public AssessmentRepository assessments() {
        return assessmentRepository;
    }

    @Override
    public PackageRepository packages() {
        return packageRepository;
    }

    @Override
    public ParticipantRepository participants() {
        return participantRepository;
    }

    @Override
    public SessionRepository sessions() {
        return sessionRepository;
    }

    @Override
    public ResponseRepository responses() {
        return responseRepository;
    }

    @Override
    public AttemptHistoryRepository history() {
        return historyRepository;
    }

    @Override
    public AuditLog audit() {
        return auditLog;
    }

    @Override
    public TransactionRunner transactions() {
        return transactions;
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    /** Registers how to undo a write; a no-op outside a transaction. */
    private void onRollback(Runnable undo) {
        Deque<Runnable> log = undoLog.get();
        if (log != null) {
            log.push(undo);
        }
    }

    private <K, V> void put(Map<K, V> map, K key, V value) {
        V previous = map.put(key, value);
        onRollback(() -> {
            if (previous == null) {
                map.remove(key);
            } else {
                map.put(key, previous);
            }
        });
    }

    private final class Transactions implements TransactionRunner {
        // What runs once the transaction on this thread has committed (afterCallersCommit).
        private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            if (undoLog.get() != null) {
                return work.get();
            }
            lock.lock();
            Deque<Runnable> log = new ArrayDeque<>();
            List<Runnable> committed = new ArrayList<>();
            undoLog.set(log);
            afterCommit.set(committed);
            T result;
            try {
                result = work.get();
            } catch (RuntimeException | Error e) {
                while (!log.isEmpty()) {
                    log.pop().run();
                }
                throw e;
            } finally {
                undoLog.remove();
                afterCommit.remove();
                lock.unlock();
            }
            TransactionRunner.runAfterCommit(committed);
            return result;
        }

        /** True inside a transaction on this thread: a call made there joins it. */
        @Override
        public boolean joinsCurrentTransaction() {
            return undoLog.get() != null;
        }

        @Override
        public void afterCallersCommit(Runnable action) {
            List<Runnable> committed = afterCommit.get();
            if (committed == null) {
                action.run();
            } else {
                committed.add(action);
            }
        }
    }

    private final class InMemoryAssessmentRepository implements AssessmentRepository {
        @Override
        public void insert(Assessment assessment) {
            locked(() -> {
                if (assessments.containsKey(assessment.id())) {
                    throw new ExamException(ErrorCode.DUPLICATE_ID, "assessment " + assessment.id() + " exists");
                }
                if (findByKey(assessment.title(), assessment.category(), assessment.scheduleDate()).isPresent()) {
                    throw new ExamException(ErrorCode.DUPLICATE_ASSESSMENT, "assessment '" + assessment.title()
                            + "' in " + assessment.category() + " on " + assessment.scheduleDate() + " exists");
                }
                put(assessments, assessment.id(), assessment);
            });
        }

        @Override
        public Assessment update(Assessment assessment) {
            return locked(() -> {
                Assessment stored = assessments.get(assessment.id());
                if (stored == null) {
                    throw new ExamException(ErrorCode.ASSESSMENT_NOT_FOUND, "assessment " + assessment.id() + " not found");
                }
                if (stored.version() != assessment.version()) {
                    throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "assessment " + assessment.id()
                            + " changed: version " + stored.version() + ", not " + assessment.version());
                }
                Assessment next = assessment.withVersion(assessment.version() + 1);
                put(assessments, next.id(), next);
                return next;
            });
        }

        @Override
        public Optional<Assessment> findById(AssessmentId id) {
            return locked(() -> Optional.ofNullable(assessments.get(id)));
        }

        @Override
        public Optional<Assessment> findByKey(String title, String category, LocalDate scheduleDate) {
            return locked(() -> assessments.values().stream()
                    .filter(a -> a.title().equals(title) && a.category().equals(category)
                            && a.scheduleDate().equals(scheduleDate))
                    .findFirst());
        }

        @Override
        public List<Assessment> search(AssessmentSearch search) {
            return locked(() -> assessments.values().stream()
                    .filter(a -> search.matches(a.title(), a.category(), a.scheduleDate()))
                    .sorted(Comparator.comparing(Assessment::scheduleDate).reversed()
                            .thenComparing(Assessment::title).thenComparing(a -> a.id().value()))
                    .skip(search.offset())
                    .limit(search.limit())
                    .toList());
        }
    }

    private final class InMemoryPackageRepository implements PackageRepository {
        @Override
        public void insert(ExamPackage pkg) {
            locked(() -> {
                if (packages.containsKey(pkg.id())) {
                    throw new ExamException(ErrorCode.DUPLICATE_ID, "package " + pkg.id() + " exists");
                }
                put(packages, pkg.id(), pkg);
            });
        }

        @Override
        public Optional<ExamPackage> findById(PackageId id) {
            return locked(() -> Optional.ofNullable(packages.get(id)));
        }
    }

    private final class InMemoryParticipantRepository implements ParticipantRepository {
        @Override
        public void upsert(Participant participant) {
            locked(() -> put(participants, participant.id(), participant));
        }

        @Override
        public Optional<Participant> findById(ParticipantId id) {
            return locked(() -> Optional.ofNullable(participants.get(id)));
        }

        @Override
        public List<Participant> findByAssessment(AssessmentId assessmentId) {
            return locked(() -> {
                Set<ParticipantId> ids = new HashSet<>();
                sessions.values().stream().filter(s -> s.assessmentId().equals(assessmentId))
                        .forEach(s -> ids.add(s.participantId()));
                return ids.stream().map(participants::get).filter(Objects::nonNull).toList();
            });
        }
    }

    private final class InMemorySessionRepository implements SessionRepository {
        @Override
        public void insertAll(List<ExamSession> newSessions) {
            locked(() -> {
                Set<SessionId> ids = new HashSet<>();
                Set<String> pairs = new HashSet<>();
                sessions.values().forEach(s -> pairs.add(s.assessmentId() + "/" + s.participantId()));
                for (ExamSession s : newSessions) {
                    if (sessions.containsKey(s.id()) || !ids.add(s.id())) {
                        throw new ExamException(ErrorCode.DUPLICATE_ID, "session " + s.id() + " exists");
                    }
                    if (!pairs.add(s.assessmentId() + "/" + s.participantId())) {
                        throw new ExamException(ErrorCode.DUPLICATE_ID, "participant " + s.participantId()
                                + " already has a session in assessment " + s.assessmentId());
                    }
                }
                newSessions.forEach(s -> put(sessions, s.id(), s));
            });
        }

        @Override
        public Optional<ExamSession> findById(SessionId id) {
            return locked(() -> Optional.ofNullable(sessions.get(id)));
        }

        @Override
        public Optional<ExamSession> findByIdForUpdate(SessionId id) {
            return findById(id);
        }

        @Override
        public ExamSession update(ExamSession session) {
            return locked(() -> {
                ExamSession stored = sessions.get(session.id());
                if (stored == null) {
                    throw new ExamException(ErrorCode.SESSION_NOT_FOUND, "session " + session.id() + " not found");
                }
                if (stored.version() != session.version()) {
                    throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "session " + session.id()
                            + " changed: version " + stored.version() + ", not " + session.version());
                }
                ExamSession next = session.withVersion(session.version() + 1);
                put(sessions, next.id(), next);
                return next;
            });
        }

        @Override
        public List<ExamSession> findByAssessment(AssessmentId assessmentId) {
            return locked(() -> sessions.values().stream().filter(s -> s.assessmentId().equals(assessmentId)).toList());
        }

        @Override
        public List<ExamSession> findByStatus(Set<SessionStatus> statuses) {
            return locked(() -> sessions.values().stream().filter(s -> statuses.contains(s.status())).toList());
        }

        @Override
        public Map<AssessmentId, Map<SessionStatus, Integer>> countByStatus(Collection<AssessmentId> assessmentIds) {
            return locked(() -> {
                Set<AssessmentId> wanted = new HashSet<>(assessmentIds);
                Map<AssessmentId, Map<SessionStatus, Integer>> counts = new HashMap<>();
                for (ExamSession s : sessions.values()) {
                    if (wanted.contains(s.assessmentId())) {
                        counts.computeIfAbsent(s.assessmentId(), k -> new EnumMap<>(SessionStatus.class))
                                .merge(s.status(), 1, Integer::sum);
                    }
                }
                return counts;
            });
        }
    }

    private final class InMemoryResponseRepository implements ResponseRepository {
        @Override
        public Optional<Response> find(SessionId sessionId, QuestionId questionId) {
            return locked(() -> Optional.ofNullable(responses.getOrDefault(sessionId, Map.of()).get(questionId)));
        }

        @Override
        public void upsert(Response response) {
            locked(() -> {
                Map<QuestionId, Response> bySession = responses.computeIfAbsent(response.sessionId(),
                        k -> new HashMap<>());
                Response stored = bySession.get(response.questionId());
                if (stored == null || stored.isOlderThan(response.clientSeq())) {
                    put(bySession, response.questionId(), response);
                }
            });
        }

        @Override
        public List<Response> findBySession(SessionId sessionId) {
            return locked(() -> List.copyOf(responses.getOrDefault(sessionId, Map.of()).values()));
        }

        @Override
        public void deleteBySession(SessionId sessionId) {
            locked(() -> {
                Map<QuestionId, Response> removed = responses.remove(sessionId);
                if (removed != null) {
                    onRollback(() -> responses.put(sessionId, removed));
                }
            });
        }
    }

    private final class InMemoryAttemptHistoryRepository implements AttemptHistoryRepository {
        @Override
        public void append(AttemptRecord attempt) {
            locked(() -> {
                List<AttemptRecord> list = history.computeIfAbsent(attempt.sessionId(), k -> new ArrayList<>());
                list.add(attempt);
                onRollback(() -> list.remove(list.size() - 1));
            });
        }

        @Override
        public List<AttemptRecord> findBySession(SessionId sessionId) {
            return locked(() -> List.copyOf(history.getOrDefault(sessionId, List.of())));
        }
    }

    private final class InMemoryAuditLog implements AuditLog {
        @Override
        public void append(AuditEvent event) {
            locked(() -> {
                audit.add(event);
                onRollback(() -> audit.remove(audit.size() - 1));
            });
        }

        @Override
        public List<AuditEvent> findBySession(SessionId sessionId) {
            return locked(() -> audit.stream().filter(e -> sessionId.equals(e.sessionId())).toList());
        }

        @Override
        public List<AuditEvent> findByAssessment(AssessmentId assessmentId) {
            return locked(() -> audit.stream().filter(e -> assessmentId.equals(e.assessmentId())).toList());
        }

        @Override
        public List<AuditEvent> findRecent(int limit) {
            return locked(() -> {
                List<AuditEvent> newestFirst = new ArrayList<>(audit.subList(Math.max(0, audit.size() - limit),
                        audit.size()));
                Collections.reverse(newestFirst);
                return List.copyOf(newestFirst);
            });
        }
    }
}
