package org.examengine.persistence.jpa;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.examengine.application.port.out.SessionRepository;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.hibernate.jpa.HibernateHints;

/**
 * Sessions, one row each, written through {@link SessionEntity} so that Hibernate checks and bumps
 * {@code version} ({@code UPDATE ... WHERE id = ? AND version = ?}). A session read by id stays in the
 * persistence context until the transaction ends, so that a following update costs one statement; lists are
 * read in one query each and leave nothing behind in the context.
 */
final class JpaSessionRepository implements SessionRepository {

    private final JpaTransactions tx;

    JpaSessionRepository(JpaTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertAll(List<ExamSession> sessions) {
        if (sessions.isEmpty()) {
            return;
        }
        tx.call(em -> {
            sessions.forEach(s -> em.persist(SessionEntity.of(s)));
            em.flush();
            return null;
        }, failure -> new ExamException(ErrorCode.DUPLICATE_ID,
                "a session id exists, or a participant already has a session in the same assessment"));
    }

    @Override
    public Optional<ExamSession> findById(SessionId id) {
        return tx.call(em -> Optional.ofNullable(JpaTransactions.find(em, SessionEntity.class, id.value(), null))
                .map(SessionEntity::toDomain));
    }

    /**
     * One query for all the ids. The entities stay managed, as {@link #findById}'s do: a batch of saves reads its
     * sessions here and then updates them in the same transaction.
     */
    @Override
    public Map<SessionId, ExamSession> findAllById(Collection<SessionId> ids) {
        List<String> keys = ids.stream().map(SessionId::value).distinct().toList();
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<SessionEntity> found = tx.call(em -> em.createQuery(
                        "select s from SessionEntity s where s.id in :ids", SessionEntity.class)
                .setParameter("ids", keys)
                .getResultList());
        Map<SessionId, ExamSession> byId = new LinkedHashMap<>();
        found.stream().map(SessionEntity::toDomain).forEach(s -> byId.put(s.id(), s));
        return byId;
    }

    /**
     * Reads the session with a row lock ({@code SELECT ... FOR UPDATE}; {@code FOR NO KEY UPDATE} on
     * PostgreSQL) held until the transaction ends. When the session is already in the persistence context,
     * only the lock is taken, and a version changed meanwhile by another transaction is a
     * {@code CONCURRENT_UPDATE}.
     */
    @Override
    public Optional<ExamSession> findByIdForUpdate(SessionId id) {
        return tx.call(em -> Optional.ofNullable(JpaTransactions.find(em, SessionEntity.class, id.value(),
                LockModeType.PESSIMISTIC_WRITE)).map(SessionEntity::toDomain));
    }

    /**
     * Copies the session onto its managed entity and flushes: Hibernate's update carries the version check and
     * the increment. An update that changes no column still bumps the version (by a forced increment), as the
     * port promises.
     */
    @Override
    public ExamSession update(ExamSession session) {
        return tx.call(em -> {
            SessionEntity entity = JpaTransactions.find(em, SessionEntity.class, session.id().value(), null);
            if (entity == null) {
                throw new ExamException(ErrorCode.SESSION_NOT_FOUND, "session " + session.id() + " not found");
            }
            if (entity.version() != session.version()) {
                throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "session " + session.id()
                        + " changed: version " + entity.version() + ", not " + session.version());
            }
            ExamSession before = entity.toDomain();
            entity.copy(session);
            if (entity.toDomain().equals(before)) {
                em.lock(entity, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            }
            em.flush();
            return session.withVersion(entity.version());
        });
    }

    @Override
    public List<ExamSession> findByAssessment(AssessmentId assessmentId) {
        return tx.call(em -> detached(em, em.createQuery(
                        "select s from SessionEntity s where s.assessmentId = :assessmentId", SessionEntity.class)
                .setParameter("assessmentId", assessmentId.value())
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList()));
    }

    @Override
    public List<ExamSession> findByStatus(Set<SessionStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        return tx.call(em -> detached(em, em.createQuery(
                        "select s from SessionEntity s where s.status in :statuses", SessionEntity.class)
                .setParameter("statuses", statuses)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultList()));
    }

    @Override
    public Map<AssessmentId, Map<SessionStatus, Integer>> countByStatus(Collection<AssessmentId> assessmentIds) {
        if (assessmentIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = tx.call(em -> em.createQuery("""
                        select s.assessmentId, s.status, count(s) from SessionEntity s
                        where s.assessmentId in :ids
                        group by s.assessmentId, s.status
                        """, Object[].class)
                .setParameter("ids", assessmentIds.stream().map(AssessmentId::value).distinct().toList())
                .getResultList());
        Map<AssessmentId, Map<SessionStatus, Integer>> counts = new HashMap<>();
        for (Object[] row : rows) {
            counts.computeIfAbsent(AssessmentId.of((String) row[0]), k -> new EnumMap<>(SessionStatus.class))
                    .put((SessionStatus) row[1], ((Number) row[2]).intValue());
        }
        return counts;
    }

    private static List<ExamSession> detached(EntityManager em, List<SessionEntity> entities) {
        List<ExamSession> sessions = entities.stream().map(SessionEntity::toDomain).toList();
        entities.forEach(em::detach);
        return sessions;
    }
}
