package org.examengine.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceConfiguration;

import org.examengine.application.ExamEngine;
import org.examengine.application.inmemory.ManualClock;
import org.examengine.application.port.in.PackageSummary;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.ScheduledAssessment;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.out.ExamEvent;
import org.examengine.application.sample.SampleExam;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.SessionId;
import org.examengine.schema.ExamSchema;
import org.examengine.schema.SchemaMigrations;
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
        return hostPool(backend.freshUrl(tempDir), backend.user());
    }

    private HikariDataSource hostPool(String url) {
        return hostPool(url, url.startsWith("jdbc:postgresql:") ? Backend.POSTGRESQL.user() : Backend.H2.user());
    }

    private static HikariDataSource hostPool(String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
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
    void savesOfTwoHostTransactionsAtOnceEachCommitOrRollBackWithTheirOwn(Backend backend) throws Exception {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                Instant opens = Instant.parse("2030-05-04T08:00:00Z");
                ManualClock clock = new ManualClock(opens.minusSeconds(60));
                CountDownLatch queued = new CountDownLatch(1);
                AtomicBoolean holdFirstEvent = new AtomicBoolean();
                // One lane, held by a save whose event takes its time: the two hosts' saves queue behind it, where
                // saves of separate callers are combined.
                ExamEngine engine = ExamEngine.builder().storage(storage).clock(clock).saveLanes(1).events(e -> {
                    if (holdFirstEvent.compareAndSet(true, false)) {
                        awaitQuietly(queued);
                    }
                }).build();
                engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "p1", 5));
                List<SessionId> sessions = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                        "hosts", "Hosts", opens, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("p1")), 3))
                        .sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId).toList();
                clock.set(opens.plusSeconds(10));
                for (int n = 1; n <= 3; n++) {
                    engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + n), sessions.get(n - 1)));
                }

                holdFirstEvent.set(true);
                Thread first = new Thread(() -> engine.saveAnswer().saveAnswer(save(3, sessions.get(2))));
                first.start();
                ExecutorService hosts = Executors.newFixedThreadPool(2);
                Future<?> rolledBack = hosts.submit(() -> inHostTransaction(emf, storage, false,
                        () -> engine.saveAnswer().saveAnswer(save(1, sessions.get(0)))));
                Future<?> committed = hosts.submit(() -> inHostTransaction(emf, storage, true,
                        () -> engine.saveAnswer().saveAnswer(save(2, sessions.get(1)))));
                Thread.sleep(500);
                queued.countDown();
                first.join(30_000);
                rolledBack.get(30, TimeUnit.SECONDS);
                committed.get(30, TimeUnit.SECONDS);
                hosts.shutdown();

                assertThat(storage.responses().find(sessions.get(0), SampleExam.question(1)))
                        .as("the save of the host that rolled back").isEmpty();
                assertThat(storage.responses().find(sessions.get(1), SampleExam.question(1)))
                        .as("the save of the host that committed").isPresent();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void changeEventsGoOutWhenTheHostCommitsAndNeverWhenItRollsBack(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                Instant opens = Instant.parse("2030-05-04T08:00:00Z");
                Queue<ExamEvent> heard = new ConcurrentLinkedQueue<>();
                ExamEngine engine = ExamEngine.builder().storage(storage).clock(new ManualClock(opens.plusSeconds(10)))
                        .events(heard::add).build();
                engine.importPackage().importPackage(SampleExam.packageCommand(ADMIN, "p1", 5));
                List<SessionId> sessions = engine.scheduleAssessment().scheduleAssessment(SampleExam.schedule(ADMIN,
                        "events", "Events", opens, 30, 60, ExamPolicy.defaults(), List.of(PackageId.of("p1")), 2))
                        .sessions().stream().map(ScheduledAssessment.ScheduledSession::sessionId).toList();
                for (int n = 1; n <= 2; n++) {
                    engine.startExam().startExam(new SessionCommand(Actor.worker("w-" + n), sessions.get(n - 1)));
                }
                heard.clear();

                List<ExamEvent> beforeCommit = new ArrayList<>();
                inHostTransaction(emf, storage, true, () -> {
                    engine.saveAnswer().saveAnswer(save(1, sessions.get(0)));
                    beforeCommit.addAll(heard);
                });
                List<ExamEvent> afterCommit = List.copyOf(heard);
                heard.clear();
                inHostTransaction(emf, storage, false, () -> engine.saveAnswer().saveAnswer(save(2, sessions.get(1))));

                assertThat(beforeCommit).as("heard before the host committed").isEmpty();
                assertThat(afterCommit).extracting(ExamEvent::type, ExamEvent::sessionId)
                        .containsExactly(tuple(ExamEvent.Type.ANSWER_SAVED, sessions.get(0)));
                assertThat(heard).as("heard of a save the host rolled back").isEmpty();
            }
        }
    }

    private static SaveAnswerCommand save(int worker, SessionId session) {
        return new SaveAnswerCommand(Actor.worker("w-" + worker), session, SampleExam.question(1),
                SampleExam.correctOption(1), 0, 1);
    }

    private static void inHostTransaction(EntityManagerFactory emf, JpaExamStorage storage, boolean commit,
                                          Runnable work) {
        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        try {
            storage.joining(em, () -> {
                work.run();
                return null;
            });
        } finally {
            if (commit) {
                em.getTransaction().commit();
            } else {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHostUnitThatLetsHibernateCreateOrChangeTablesIsRefused(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            // As Spring's ddl-auto=update does on an empty database: Hibernate makes tables the migrations then
            // cannot create.
            PersistenceConfiguration unit = new PersistenceConfiguration("updating")
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
                    .property(AvailableSettings.HBM2DDL_AUTO, "update");
            JpaExamStorage.entityClasses().forEach(unit::managedClass);
            try (EntityManagerFactory emf = unit.createEntityManagerFactory()) {
                assertThatThrownBy(() -> JpaExamStorage.create(emf)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("hibernate.hbm2ddl.auto=update")
                        .hasMessageContaining("JpaExamStorage.migrate");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHostUnitOnADatabaseTheMigrationsNeverRanOnIsRefused(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            PersistenceConfiguration unit = new PersistenceConfiguration("unmigrated")
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
            JpaExamStorage.entityClasses().forEach(unit::managedClass);
            try (EntityManagerFactory emf = unit.createEntityManagerFactory()) {
                assertThatThrownBy(() -> JpaExamStorage.create(emf)).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no engine schema");
            }
            JpaExamStorage.migrate(pool);
            try (EntityManagerFactory emf = hostUnit(pool); JpaExamStorage storage = JpaExamStorage.create(emf)) {
                assertThat(storage.packages().findById(PackageId.of("none"))).as("accepted once migrated").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theNewestVersionTheAdapterAsksForIsTheNewestMigration(Backend backend) {
        try (HikariDataSource pool = hostPool(backend)) {
            JpaExamStorage.migrate(pool);
            assertThat(SchemaMigrations.configure(pool).load().info().current().getVersion().getVersion())
                    .isEqualTo(ExamSchema.LATEST_VERSION);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHostUnitThatNamesTheEngineSchemaAsItsDefaultIsAccepted(Backend backend) throws SQLException {
        String url = backend.freshUrl(tempDir);
        try (HikariDataSource plain = hostPool(url)) {
            try (Connection c = plain.getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA exam");
            }
            // The migrations run in the schema the connection is in; the host's unit names it as its default.
            String schemaUrl = url + (backend == Backend.H2 ? ";SCHEMA=EXAM" : "?currentSchema=exam");
            try (HikariDataSource inSchema = hostPool(schemaUrl)) {
                JpaExamStorage.migrate(inSchema);
            }
            PersistenceConfiguration unit = new PersistenceConfiguration("named-schema")
                    .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, plain)
                    .property(AvailableSettings.DEFAULT_SCHEMA, "exam")
                    .property(AvailableSettings.HBM2DDL_AUTO, "validate");
            JpaExamStorage.entityClasses().forEach(unit::managedClass);
            try (EntityManagerFactory emf = unit.createEntityManagerFactory();
                 JpaExamStorage storage = JpaExamStorage.create(emf)) {
                assertThat(storage.packages().findById(PackageId.of("none"))).isEmpty();
            }
        }
    }
}
