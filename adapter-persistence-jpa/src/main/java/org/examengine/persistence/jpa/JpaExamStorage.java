package org.examengine.persistence.jpa;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;

import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AttemptHistoryRepository;
import org.examengine.application.port.out.AuditLog;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.PackageRepository;
import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.application.port.out.ResponseRepository;
import org.examengine.application.port.out.SessionRepository;
import org.examengine.application.port.out.TokenStore;
import org.examengine.application.port.out.TransactionRunner;
import org.examengine.schema.ExamSchema;
import org.hibernate.cfg.AvailableSettings;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The engine's storage through Jakarta Persistence and Hibernate, on H2 or PostgreSQL, for applications that
 * keep the engine's tables in their own persistence unit and transactions. Thread-safe; create one per
 * persistence unit and share it.
 *
 * <pre>{@code
 * // The host's own persistence unit: migrate first, then list the adapter's entities.
 * JpaExamStorage.migrate(dataSource);
 * PersistenceConfiguration unit = new PersistenceConfiguration("app")
 *         .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
 *         .property(AvailableSettings.HBM2DDL_AUTO, "validate");
 * JpaExamStorage.entityClasses().forEach(unit::managedClass);
 * JpaExamStorage storage = JpaExamStorage.create(unit.createEntityManagerFactory());
 * ExamEngine engine = ExamEngine.builder().storage(storage).tokens(storage.tokens()).build();
 * }</pre>
 *
 * <p><b>Schema.</b> The entities map the tables that the engine's Flyway migrations create; Hibernate must never
 * create or change them. A host runs {@link #migrate(DataSource)} (or the scripts of {@code exam-schema} with its
 * own Flyway, history table {@code exam_schema_history}) before it builds its {@code EntityManagerFactory}, and
 * should build it with {@code hibernate.hbm2ddl.auto=validate}. The factories of this class ({@link #h2File},
 * {@link #connect}, {@link #create(DataSource)}) migrate, then build a persistence unit of their own that
 * validates the mapping and fails to start on a schema that does not match. {@link #create(EntityManagerFactory)}
 * checks that the host's unit manages every entity of the adapter and runs on H2 or PostgreSQL.
 *
 * <p><b>Transactions.</b> {@link #transactions()} opens an {@code EntityManager}, begins a resource-local
 * transaction and binds both to the calling thread until it commits (or rolls back, on any exception);
 * repository calls made on that thread meanwhile use them, and a nested {@code inTransaction} joins them.
 * Called outside a transaction, each repository call runs in a transaction of its own. A host that manages its
 * own transactions (its own {@code EntityManager}, a container, Spring) runs the engine inside
 * {@link #joining(EntityManager, Supplier)}: everything the engine does there joins the host's transaction, and
 * the host commits or rolls it back. Isolation is the database's default (read committed);
 * {@link SessionRepository#findByIdForUpdate} locks the session row until the transaction ends.
 *
 * <p><b>Writes.</b> Sessions and assessments are updated through their entities: Hibernate's update carries the
 * optimistic check on the {@code version} column ({@code @Version}). Every write is flushed inside its
 * repository call, so that a refused write fails there. Response and participant upserts are one native
 * statement each ({@code MERGE} on H2, {@code INSERT ... ON CONFLICT} on PostgreSQL); responses, participants,
 * packages, attempts, audit events and tokens are never kept in the persistence context after a call, nor are
 * sessions read as a list; only sessions and assessments inserted or read by id or key stay there for the rest
 * of the transaction, so that an update after a read costs one statement.
 *
 * <p><b>Errors.</b> No JPA, Hibernate or JDBC exception leaves the ports: unique violations become
 * {@code DUPLICATE_ID} (or {@code DUPLICATE_ASSESSMENT}); a stale version, deadlocks, serialization failures and
 * lock timeouts become {@code CONCURRENT_UPDATE}, which the engine retries; any other failure an
 * {@link IllegalStateException} carrying the original as its cause. As always with JPA, a transaction in which a
 * write failed can only roll back. Hibernate itself logs every refused statement (logger
 * {@code org.hibernate.orm.jdbc.error}), expected duplicates included.
 *
 * <p><b>Time.</b> Instants are stored in UTC at microsecond precision, the finest both databases keep; a finer
 * instant is truncated (not rounded) to microseconds on the way in.
 */
public final class JpaExamStorage implements ExamStorage, AutoCloseable {

    /** The directory of the default H2 database, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("exam-data");

    /** The name of the H2 database inside its directory (the file is {@code exam-engine.mv.db}). */
    static final String H2_DATABASE_NAME = ExamSchema.H2_DATABASE_NAME;

    /**
     * H2 settings for every H2 file database this class opens: a commit is in the file when it returns
     * ({@code WRITE_DELAY=0}), and a transaction waits up to 10 s for a row lock ({@code LOCK_TIMEOUT=10000}).
     */
    static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";

    private static final int DEFAULT_POOL_SIZE = 10;

    private final EntityManagerFactory emf;
    private final boolean ownsFactory;
    private final HikariDataSource pool;
    private final JpaTransactions transactions;
    private final AssessmentRepository assessments;
    private final PackageRepository packages;
    private final ParticipantRepository participants;
    private final SessionRepository sessions;
    private final ResponseRepository responses;
    private final AttemptHistoryRepository history;
    private final AuditLog audit;
    private final TokenStore tokens;

    private JpaExamStorage(EntityManagerFactory emf, boolean ownsFactory, HikariDataSource pool) {
        this.emf = emf;
        this.ownsFactory = ownsFactory;
        this.pool = pool;
        Dialect dialect = Dialect.of(emf);
        this.transactions = new JpaTransactions(emf);
        this.assessments = new JpaAssessmentRepository(transactions, dialect);
        this.packages = new JpaPackageRepository(transactions);
        this.participants = new JpaParticipantRepository(transactions, dialect);
        this.sessions = new JpaSessionRepository(transactions);
        this.responses = new JpaResponseRepository(transactions, dialect);
        this.history = new JpaAttemptHistoryRepository(transactions);
        this.audit = new JpaAuditLog(transactions);
        this.tokens = new JpaTokenStore(transactions);
    }

    /**
     * The storage on a host's persistence unit, which must manage every class of {@link #entityClasses()} and
     * run on H2 or PostgreSQL over a schema the migrations created. {@link #close()} leaves the factory open:
     * it stays the host's.
     *
     * @throws IllegalArgumentException when the unit lacks an entity of the adapter, runs on another database, or
     *                                  lets Hibernate create or change tables ({@code hibernate.hbm2ddl.auto} or
     *                                  {@code jakarta.persistence.schema-generation.database.action} other than
     *                                  {@code none} or {@code validate})
     * @throws IllegalStateException    when the engine's migrations have not brought the database to this engine's
     *                                  schema ({@link #migrate(DataSource)})
     */
    public static JpaExamStorage create(EntityManagerFactory emf) {
        Objects.requireNonNull(emf, "emf");
        for (Class<?> entity : PersistenceUnits.ENTITIES) {
            try {
                emf.getMetamodel().entity(entity);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the persistence unit does not manage " + entity.getName()
                        + "; add every class of JpaExamStorage.entityClasses() to it", e);
            }
        }
        for (String setting : List.of(AvailableSettings.HBM2DDL_AUTO, AvailableSettings.JAKARTA_HBM2DDL_DATABASE_ACTION)) {
            Object action = emf.getProperties().get(setting);
            String value = action == null ? "none" : action.toString().strip().toLowerCase(Locale.ROOT);
            if (!value.equals("none") && !value.equals("validate") && !value.isEmpty()) {
                throw new IllegalArgumentException("the persistence unit sets " + setting + "=" + action + ": Hibernate "
                        + "must not create or change the engine's tables; set it to validate (or none) and create them "
                        + "with JpaExamStorage.migrate(dataSource)");
            }
        }
        requireMigrated(emf);
        return new JpaExamStorage(emf, false, null);
    }

    /** Refuses a database whose migration history lacks this engine's newest migration. */
    private static void requireMigrated(EntityManagerFactory emf) {
        // The schema the unit maps the tables to, when it names one (else the connection's own, as in the URL).
        Object schema = emf.getProperties().get(AvailableSettings.DEFAULT_SCHEMA);
        String prefix = schema == null || schema.toString().isBlank() ? "" : schema.toString().strip() + ".";
        EntityManager em = emf.createEntityManager();
        try {
            Number found = (Number) em.createNativeQuery("SELECT COUNT(*) FROM " + prefix + "\""
                            + ExamSchema.HISTORY_TABLE + "\" WHERE \"version\" = ?1 AND \"success\" = TRUE")
                    .setParameter(1, ExamSchema.LATEST_VERSION).getSingleResult();
            if (found.intValue() == 0) {
                throw new IllegalStateException("the database's engine schema is older than this engine's (version "
                        + ExamSchema.LATEST_VERSION + "): run JpaExamStorage.migrate(dataSource) first");
            }
        } catch (PersistenceException e) {
            throw new IllegalStateException("the database has no engine schema (no table " + ExamSchema.HISTORY_TABLE
                    + "): run JpaExamStorage.migrate(dataSource) before building the persistence unit", e);
        } finally {
            em.close();
        }
    }

    /**
     * Migrates the database behind {@code dataSource}, then builds a persistence unit of its own on it, which
     * {@link #close()} closes (the data source stays open: it is the caller's).
     *
     * @throws IllegalStateException when a migration fails or the schema does not match the entities
     */
    public static JpaExamStorage create(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        migrate(dataSource);
        return owning(PersistenceUnits.build(dataSource, Map.of()), null);
    }

    /**
     * Opens the H2 file database in {@code ./exam-data} (created when missing), the same database
     * file as the JDBI storage's default.
     *
     * @see #h2File(Path)
     */
    public static JpaExamStorage h2File() {
        return h2File(DEFAULT_DIRECTORY);
    }

    /**
     * Opens the H2 file database {@code exam-engine} in {@code directory}, creating both when missing, and
     * migrates it. A committed write is in the file when the commit returns. Only one process may open the
     * database at a time; a second one fails here. A directory the JDBI storage used holds a journal of saves
     * beside the database; one it left with saves in it (a process that ended without closing the storage) is
     * refused, as only the JDBI storage applies it.
     *
     * @throws IllegalStateException when the database cannot be opened or migrated, or a journal holds saves
     */
    public static JpaExamStorage h2File(Path directory) {
        Objects.requireNonNull(directory, "directory");
        requireNoJournalLeft(directory);
        return connect(h2Url(directory), "sa", "", DEFAULT_POOL_SIZE);
    }

    private static void requireNoJournalLeft(Path directory) {
        for (String name : ExamSchema.H2_JOURNAL_FILE_NAMES) {
            Path journal = directory.resolve(name);
            try {
                if (Files.exists(journal) && Files.size(journal) > 0) {
                    throw new IllegalStateException(journal + " holds saves that the database may lack: open the "
                            + "database once with the JDBI storage (JdbiExamStorage.h2File, or the command line's "
                            + "migrate --db " + directory + "), which applies them, then here");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + journal + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Opens a pool of up to 10 connections to a database given by its JDBC URL ({@code jdbc:postgresql:...} or
     * {@code jdbc:h2:...}, used as given), migrates it and builds a persistence unit on it.
     *
     * @throws IllegalStateException    when no connection can be opened, or the migration fails
     * @throws IllegalArgumentException for a database other than H2 and PostgreSQL
     */
    public static JpaExamStorage connect(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * As {@link #connect(String, String, String)} with a pool of up to {@code maxConnections} connections (at
     * least 2, as a migration needs two).
     */
    public static JpaExamStorage connect(String jdbcUrl, String user, String password, int maxConnections) {
        return connect(jdbcUrl, user, password, maxConnections, Map.of());
    }

    /** As {@link #connect(String, String, String, int)}, with further properties for the persistence unit. */
    static JpaExamStorage connect(String jdbcUrl, String user, String password, int maxConnections,
                                  Map<String, ?> properties) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections must be at least 2, was " + maxConnections);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("exam-engine-jpa");
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            config.setConnectionInitSql(ExamSchema.POSTGRES_CONNECTION_INIT_SQL);
            ExamSchema.POSTGRES_CONNECTION_PROPERTIES.forEach(config::addDataSourceProperty);
            config.setKeepaliveTime(ExamSchema.POSTGRES_KEEPALIVE.toMillis());
        }
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to " + redacted(jdbcUrl) + ": " + e.getMessage(), e);
        }
        try {
            migrate(pool);
            return owning(PersistenceUnits.build(pool, properties), pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** A storage that closes {@code emf} (and {@code pool}, when given) with itself. */
    private static JpaExamStorage owning(EntityManagerFactory emf, HikariDataSource pool) {
        try {
            return new JpaExamStorage(emf, true, pool);
        } catch (RuntimeException e) {
            emf.close();
            throw e;
        }
    }

    /**
     * Creates the engine's schema, or upgrades it to this version of the engine, with Flyway. Idempotent: on an
     * up-to-date schema it changes nothing. Upgrades keep every stored row, sessions in progress included. The
     * data source must be able to hand out two connections at once.
     *
     * @return the number of migrations applied
     * @throws IllegalStateException when a migration fails
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            return Migrations.migrate(dataSource);
        } catch (RuntimeException e) {
            throw new IllegalStateException("migrating the exam engine schema failed: " + e.getMessage(), e);
        }
    }

    /**
     * The entity classes of the adapter, which a host's persistence unit must manage (for example with
     * {@code PersistenceConfiguration.managedClass}, {@code <class>} elements of {@code persistence.xml}, or by
     * scanning the package {@code org.examengine.persistence.jpa}). They are internal to the adapter: the host
     * only registers them.
     */
    public static List<Class<?>> entityClasses() {
        return PersistenceUnits.ENTITIES;
    }

    /**
     * Runs {@code work} in the host's transaction: while it runs, every repository call and every engine use
     * case on this thread uses {@code em} and joins its transaction instead of beginning one; the host commits or
     * rolls back afterwards. With Spring, {@code em} is the shared entity manager inside a transactional method;
     * with a JTA persistence unit, every use of the storage must run inside this method, as the storage can only
     * begin resource-local transactions itself.
     *
     * <p>When {@code work} throws, the exception reaches the host, whose transaction must then roll back. A use
     * case that lost a race ({@code CONCURRENT_UPDATE}) is not run again here, as only the host can roll its
     * transaction back: the host runs its unit of work again. The engine's change events, which live watchers
     * hear, go out once the host's transaction commits, and not at all when it rolls back.
     *
     * @param em the host's entity manager, of a persistence unit that manages {@link #entityClasses()}, with an
     *           active transaction
     * @throws IllegalStateException when {@code em} has no active transaction, or another entity manager is
     *                               already bound to this thread
     */
    public <T> T joining(EntityManager em, Supplier<T> work) {
        return transactions.joining(em, work);
    }

    @Override
    public AssessmentRepository assessments() {
        return assessments;
    }

    @Override
    public PackageRepository packages() {
        return packages;
    }

    @Override
    public ParticipantRepository participants() {
        return participants;
    }

    @Override
    public SessionRepository sessions() {
        return sessions;
    }

    @Override
    public ResponseRepository responses() {
        return responses;
    }

    @Override
    public AttemptHistoryRepository history() {
        return history;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    /**
     * The access tokens of the default bearer-token identity, in the same database (table
     * {@code access_tokens}, secrets stored as SHA-256 hashes only). Pass it to
     * {@code ExamEngine.builder().tokens(...)}.
     */
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public TransactionRunner transactions() {
        return transactions;
    }

    /** {@inheritDoc} Runs {@code SELECT 1} through an entity manager of its own. */
    @Override
    public boolean available() {
        EntityManager em;
        try {
            em = emf.createEntityManager();
        } catch (RuntimeException e) {
            return false;
        }
        try {
            return ((Number) em.createNativeQuery("SELECT 1").getSingleResult()).intValue() == 1;
        } catch (RuntimeException e) {
            return false;
        } finally {
            em.close();
        }
    }

    /**
     * Closes what this storage opened: the persistence unit and the connection pool of a factory method (for
     * H2, closing its last connection closes the database and writes everything to its file). A host's
     * {@code EntityManagerFactory} given to {@link #create(EntityManagerFactory)} stays open. Closing again does
     * nothing.
     */
    @Override
    public void close() {
        if (ownsFactory && emf.isOpen()) {
            emf.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    /** The persistence unit, for tests that read its statistics. */
    EntityManagerFactory entityManagerFactory() {
        return emf;
    }

    /** The URL that {@link #h2File(Path)} opens. */
    static String h2Url(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve(H2_DATABASE_NAME) + H2_SETTINGS;
    }

    /** The URL without its query part, which may carry a password. */
    private static String redacted(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }
}
