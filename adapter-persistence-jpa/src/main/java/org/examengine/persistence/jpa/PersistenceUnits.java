package org.examengine.persistence.jpa;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;
import jakarta.persistence.PersistenceUnitTransactionType;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;

import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceProvider;

/**
 * The adapter's own persistence unit, built in code (no {@code persistence.xml}) on a data source whose
 * schema the migrations created.
 */
final class PersistenceUnits {

    /** Every entity of the adapter; a host's persistence unit must list them all. */
    static final List<Class<?>> ENTITIES = List.of(PackageEntity.class, QuestionEntity.class, OptionEntity.class,
            AssessmentEntity.class, ParticipantEntity.class, SessionEntity.class, ResponseEntity.class,
            AttemptEntity.class, AuditEventEntity.class, AccessTokenEntity.class);

    private PersistenceUnits() {
    }

    /**
     * A persistence unit on {@code dataSource} that validates its mapping against the schema at start (and
     * never changes the schema), with batched inserts.
     *
     * @param overrides further Hibernate or JPA properties, applied last
     * @throws IllegalStateException when the schema does not match the entities
     */
    static EntityManagerFactory build(DataSource dataSource, Map<String, ?> overrides) {
        PersistenceConfiguration config = new PersistenceConfiguration("exam-engine")
                .provider(HibernatePersistenceProvider.class.getName())
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .sharedCacheMode(SharedCacheMode.NONE)
                .validationMode(ValidationMode.NONE)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate")
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .properties(overrides);
        ENTITIES.forEach(config::managedClass);
        try {
            return config.createEntityManagerFactory();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the exam engine's persistence unit: " + rootMessage(e), e);
        }
    }

    /** The message of the innermost cause, which names what failed (a missing table, a wrong column type). */
    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
