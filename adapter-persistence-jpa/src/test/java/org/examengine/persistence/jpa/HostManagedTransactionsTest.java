package org.examengine.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.hibernate.cfg.AvailableSettings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A host application's own persistence unit and transactions carrying the engine's tables and writes. */
class HostManagedTransactionsTest {

    private static final Actor ADMIN = Actor.admin("admin");

    @TempDir
    Path tempDir;

    private HikariDataSource hostPool(Backend backend) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(backend.freshUrl(tempDir));
        config.setUsername(backend.user());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static EntityManagerFactory hostUnit(HikariDataSource pool) {
        PersistenceConfiguration unit = new PersistenceConfiguration("host-application")
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate");
        JpaExamStorage.entityClasses().forEach(unit::managedClass);
        return unit.createEntityManagerFactory();
    }

    private static ExamEngine engine(JpaExamStorage storage) {
        return ExamEngine.builder().storage(storage).clock(new ManualClock(Instant.parse("2030-05-04T08:00:00Z")))
                .build();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theEngineWritesInTheHostTransactionAndRollsBackWithIt(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                ExamEngine engine = engine(storage);
                EntityManager em = emf.createEntityManager();
                em.getTransaction().begin();
                PackageSummary imported = storage.joining(em, () -> engine.importPackage()
                        .importPackage(SampleExam.packageCommand(ADMIN, "p1", 3)));
                Number seenByHost = (Number) em.createNativeQuery("SELECT COUNT(*) FROM questions WHERE package_id = 'p1'")
                        .getSingleResult();
                em.getTransaction().rollback();
                em.close();

                assertThat(imported.questionCount()).isEqualTo(3);
                assertThat(seenByHost.intValue()).isEqualTo(3);
                assertThat(storage.packages().findById(PackageId.of("p1"))).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theEngineWritesInTheHostTransactionAndCommitsWithIt(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                ExamEngine engine = engine(storage);
                EntityManager em = emf.createEntityManager();
                em.getTransaction().begin();
                storage.joining(em, () -> engine.importPackage()
                        .importPackage(SampleExam.packageCommand(ADMIN, "p1", 3)));
                boolean seenOutsideBeforeCommit = storage.packages().findById(PackageId.of("p1")).isPresent();
                em.getTransaction().commit();
                em.close();

                assertThat(seenOutsideBeforeCommit).isFalse();
                assertThat(storage.packages().findById(PackageId.of("p1"))).isPresent();
                assertThat(emf.isOpen()).as("the host's factory stays open").isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void joiningAnEntityManagerWithoutATransactionIsRefused(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                EntityManager em = emf.createEntityManager();

                assertThatThrownBy(() -> storage.joining(em, () -> storage.packages().findById(PackageId.of("p1"))))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no active transaction");
                em.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHostUnitWithoutTheAdapterEntitiesIsRefused(Backend backend) {
        try (HikariDataSource pool = hostPool(backend);
             EntityManagerFactory emf = new PersistenceConfiguration("bare")
                     .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool).createEntityManagerFactory()) {

            assertThatThrownBy(() -> JpaExamStorage.create(emf)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("entityClasses()");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theStoragesOwnUnitRefusesASchemaThatDiffersFromTheMigrations(Backend backend) throws SQLException {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE sessions DROP COLUMN answered_count");
            }

            assertThatThrownBy(() -> JpaExamStorage.create(pool)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("answered_count");
        }
    }
}
