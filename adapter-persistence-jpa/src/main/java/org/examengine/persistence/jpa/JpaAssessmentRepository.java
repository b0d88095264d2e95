package org.examengine.persistence.jpa;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AssessmentSearch;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.hibernate.jpa.HibernateHints;

/**
 * Assessments through {@link AssessmentEntity}, whose package list is fetched in the same statement. An
 * assessment read by id or key stays in the persistence context until the transaction ends, so that an
 * update follows without another read; Hibernate's update checks and bumps {@code version}.
 */
final class JpaAssessmentRepository implements AssessmentRepository {

    private static final String SELECT_WITH_PACKAGES =
            "select a from AssessmentEntity a left join fetch a.packageIds ";

    private final JpaTransactions tx;
    private final Dialect dialect;

    JpaAssessmentRepository(JpaTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public void insert(Assessment assessment) {
        tx.call(em -> {
            em.persist(AssessmentEntity.of(assessment));
            em.flush();
            return null;
        }, failure -> PersistenceErrors.violates(failure, AssessmentEntity.KEY_CONSTRAINT)
                ? new ExamException(ErrorCode.DUPLICATE_ASSESSMENT, "assessment '" + assessment.title() + "' in "
                        + assessment.category() + " on " + assessment.scheduleDate() + " exists")
                : new ExamException(ErrorCode.DUPLICATE_ID, "assessment " + assessment.id() + " exists"));
    }

    /**
     * Copies the assessment onto its managed entity and flushes: Hibernate's update carries the version check
     * and the increment, and replaces the package rows when the list changed. An update that changes nothing
     * still bumps the version.
     */
    @Override
    public Assessment update(Assessment assessment) {
        return tx.call(em -> {
            AssessmentEntity entity = managed(em, assessment.id()).orElseThrow(() -> new ExamException(
                    ErrorCode.ASSESSMENT_NOT_FOUND, "assessment " + assessment.id() + " not found"));
            if (entity.version() != assessment.version()) {
                throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "assessment " + assessment.id()
                        + " changed: version " + entity.version() + ", not " + assessment.version());
            }
            Assessment before = entity.toDomain();
            entity.copy(assessment);
            if (entity.toDomain().equals(before)) {
                em.lock(entity, LockModeType.PESSIMISTIC_FORCE_INCREMENT);
            }
            em.flush();
            return assessment.withVersion(entity.version());
        });
    }

    @Override
    public Optional<Assessment> findById(AssessmentId id) {
        return tx.call(em -> managed(em, id).map(AssessmentEntity::toDomain));
    }

    @Override
    public Optional<Assessment> findByKey(String title, String category, LocalDate scheduleDate) {
        return tx.call(em -> em.createQuery(SELECT_WITH_PACKAGES
                                + "where a.title = :title and a.category = :category and a.scheduleDate = :date",
                        AssessmentEntity.class)
                .setParameter("title", title)
                .setParameter("category", category)
                .setParameter("date", scheduleDate)
                .getResultStream().findFirst().map(AssessmentEntity::toDomain));
    }

    /**
     * Two statements: the ids of the page of matches, ordered and limited by the database (the title in Java's
     * string order on every database), then those assessments with their package lists.
     */
    @Override
    public List<Assessment> search(AssessmentSearch search) {
        StringBuilder sql = new StringBuilder("SELECT id FROM assessments WHERE 1 = 1");
        if (search.titleContains() != null) {
            sql.append(" AND LOWER(title) LIKE :title ESCAPE '\\'");
        }
        if (search.category() != null) {
            sql.append(" AND LOWER(category) = :category");
        }
        if (search.from() != null) {
            sql.append(" AND schedule_date >= :from");
        }
        if (search.to() != null) {
            sql.append(" AND schedule_date <= :to");
        }
        sql.append(" ORDER BY schedule_date DESC, ").append(dialect.titleThenIdOrder())
                .append(" LIMIT :limit OFFSET :offset");
        return tx.call(em -> {
            Query page = em.createNativeQuery(sql.toString(), String.class).setParameter("limit", search.limit())
                    .setParameter("offset", search.offset());
            if (search.titleContains() != null) {
                page.setParameter("title", "%" + likeEscape(search.titleContains().toLowerCase(Locale.ROOT)) + "%");
            }
            if (search.category() != null) {
                page.setParameter("category", search.category().toLowerCase(Locale.ROOT));
            }
            if (search.from() != null) {
                page.setParameter("from", search.from());
            }
            if (search.to() != null) {
                page.setParameter("to", search.to());
            }
            List<String> ids = new ArrayList<>();
            for (Object id : page.getResultList()) {
                ids.add((String) id);
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            List<AssessmentEntity> entities = em.createQuery(SELECT_WITH_PACKAGES + "where a.id in :ids",
                            AssessmentEntity.class)
                    .setParameter("ids", ids)
                    .setHint(HibernateHints.HINT_READ_ONLY, true)
                    .getResultList();
            Map<String, Assessment> byId = entities.stream().map(AssessmentEntity::toDomain)
                    .collect(Collectors.toMap(a -> a.id().value(), Function.identity()));
            entities.forEach(em::detach);
            return ids.stream().map(byId::get).toList();
        });
    }

    /** The assessment's managed entity with its package list, read in one statement. */
    private static Optional<AssessmentEntity> managed(EntityManager em, AssessmentId id) {
        TypedQuery<AssessmentEntity> query = em.createQuery(SELECT_WITH_PACKAGES + "where a.id = :id",
                AssessmentEntity.class);
        return query.setParameter("id", id.value()).getResultStream().findFirst();
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
