package org.examengine.persistence.jdbi;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

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
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The engine's storage on a relational database through JDBI: an embedded H2 file database by default,
 * PostgreSQL when several server nodes share one database. Thread-safe; create one per database and share it.
 *
 * <pre>{@code
 * try (JdbiExamStorage storage = JdbiExamStorage.h2File(Path.of("exam-data")).migrate()) {
 *     ExamEngine engine = ExamEngine.builder().storage(storage).build();
 *     ...
 * }
 * }</pre>
 *
 * <p><b>Schema.</b> A factory only opens a connection pool; {@link #migrate()} creates or upgrades the schema
 * with Flyway and must run before the first use of a new or older database; it refuses (an
 * {@link IllegalStateException}) a database that a newer engine has migrated further. The engine's migrations and their
 * history table ({@code exam_schema_history}) are named so as not to meet a host application's own Flyway
 * setup on the same database. Its tables have plain names ({@code sessions}, {@code participants}, ...): to keep
 * them apart from a host application's, create a schema for the engine and name it in the URL as the
 * connections' default ({@code ?currentSchema=exam} on PostgreSQL, {@code ;SCHEMA=EXAM} on H2); the tables and
 * the history table are created there.
 *
 * <p><b>Transactions.</b> {@link #transactions()} binds one connection to the calling thread for the whole
 * transaction; repository calls made on that thread meanwhile run in it, and a nested
 * {@code inTransaction} joins it. Any exception rolls everything back. Called outside a transaction, each
 * repository call commits on its own. Transactions use the database's default isolation (read committed);
 * {@link SessionRepository#findByIdForUpdate} locks the session row until the transaction ends.
 *
 * <p><b>Errors.</b> No JDBI or JDBC exception leaves this class: unique violations become {@code DUPLICATE_ID}
 * (or {@code DUPLICATE_ASSESSMENT}), deadlocks, serialization failures and lock timeouts become
 * {@code CONCURRENT_UPDATE}, which the engine retries, and any other failure an {@link IllegalStateException}
 * carrying the driver's exception as its cause.
 *
 * <p><b>Time.</b> Instants are stored in UTC at microsecond precision, the finest both databases keep; a finer
 * instant is truncated to microseconds on the way in.
 */
public final class JdbiExamStorage implements ExamStorage, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbiExamStorage.class);

    /** The directory of the default H2 database, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("exam-data");

    /** The name of the H2 database inside its directory (the file is {@code exam-engine.mv.db}). */
    static final String H2_DATABASE_NAME = ExamSchema.H2_DATABASE_NAME;

    /** The file {@link #h2File} keeps its database in, inside the directory given. */
    public static final String H2_FILE_NAME = H2_DATABASE_NAME + ".mv.db";

    /**
     * H2 settings for every H2 database this class opens.
     * <ul>
     * <li>{@code LOCK_TIMEOUT=10000}: a transaction waits up to 10 s for a row another one has locked (H2's
     * default is 1 s), so that a burst of saves to one session queues instead of failing and retrying.</li>
     * <li>{@code QUERY_CACHE_SIZE=64}: each connection keeps its 64 most recent statements compiled (H2's default
     * is 8, fewer than the statements of one save and its token check), so a hot statement is parsed once.</li>
     * <li>{@code PAGE_SIZE=4096}: H2 splits the pages of its tables at 4 KiB instead of 16 KiB. Every change of a row
     * copies its page in memory until the file is written, and the group commit writes the file once those copies
     * reach half of what would make H2 write it by itself ({@link H2GroupCommit}): with smaller pages a save copies
     * fewer bytes, so the file is written less often, each write stores less, and writers wait less for it
     * (docs/benchmarks.md has the figures).</li>
     * <li>{@code WRITE_DELAY=2000000000}: H2's background writer, which would otherwise write committed changes to
     * the file every 500 ms while transactions run, never gets to; the group commit writes the file instead, from
     * the changes H2 takes while no transaction is changing rows ({@link H2GroupCommit}).</li>
     * <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 does not close the database from a shutdown hook of its own, under the
     * storage still using it; {@link #close()} writes the file, empties the journal and closes it. A process that
     * exits without closing the storage leaves the journal, which the next opening applies.</li>
     * </ul>
     */
    static final String H2_SETTINGS =
            ";LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=64;PAGE_SIZE=4096;WRITE_DELAY=2000000000;DB_CLOSE_ON_EXIT=FALSE";

    /** The connections a factory's pool holds at most unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final JdbiTransactions transactions;
    private final AssessmentRepository assessments;
    private final PackageRepository packages;
    private final ParticipantRepository participants;
    private final SessionRepository sessions;
    private final ResponseRepository responses;
    private final AttemptHistoryRepository history;
    private final AuditLog audit;
    private final TokenStore tokens;

    private final CommitDurability durability;

    private JdbiExamStorage(HikariDataSource dataSource, CommitDurability durability) {
        this.dataSource = dataSource;
        this.durability = durability;
        this.dialect = detectDialect(dataSource);
        this.jdbi = Jdbi.create(dataSource);
        this.transactions = new JdbiTransactions(jdbi, durability);
        this.assessments = new JdbiAssessmentRepository(transactions, dialect);
        this.packages = new JdbiPackageRepository(transactions);
        this.participants = new JdbiParticipantRepository(transactions, dialect);
        this.sessions = new JdbiSessionRepository(transactions);
        this.responses = new JdbiResponseRepository(transactions, dialect);
        this.history = new JdbiAttemptHistoryRepository(transactions);
        this.audit = new JdbiAuditLog(transactions);
        this.tokens = new JdbiTokenStore(transactions);
    }

    /**
     * Opens the H2 file database in {@code ./exam-data} (created when missing).
     *
     * @see #h2File(Path)
     */
    public static JdbiExamStorage h2File() {
        return h2File(DEFAULT_DIRECTORY);
    }

    /**
     * Opens the H2 file database {@code exam-engine} in {@code directory}, creating both when missing. One storage
     * at a time may have the database open: a second one fails here, in another process or in this one (share the
     * first instead).
     *
     * <p>A write is durable when the engine's call returns, so an acknowledged save survives the process being
     * killed. A transaction that only updated sessions and upserted their responses (a save, a heartbeat) is
     * appended to a journal beside the database ({@code exam-engine.journal}), and H2 writes its file in the
     * background; opening the database again applies what the journal holds and the file lacks. Any other write
     * is in the file when its call returns: the writes of the transactions that commit while the file is being
     * written share the next write of the file (group commit). Like H2's own durable setting, this does not force
     * the file or the journal to the disk: a power cut may still lose the last moments
     * ({@link H2Durability#WRITTEN_TO_FILE}; {@link #h2File(Path, int, H2Durability)} can ask for
     * {@link H2Durability#FORCED_TO_DISK}).
     *
     * @throws IllegalStateException when the database cannot be opened
     */
    public static JdbiExamStorage h2File(Path directory) {
        return h2File(directory, DEFAULT_POOL_SIZE);
    }

    /**
     * As {@link #h2File(Path)} with a pool of up to {@code maxConnections} connections (at least 2, as a migration
     * needs two).
     */
    public static JdbiExamStorage h2File(Path directory, int maxConnections) {
        return h2File(directory, maxConnections, H2Durability.WRITTEN_TO_FILE);
    }

    /**
     * As {@link #h2File(Path, int)}, with acknowledged writes as durable as {@code durability} says: in the file
     * (the default), or forced to the disk as well.
     *
     * @throws IllegalArgumentException for a directory whose path contains {@code ;}, which an H2 URL cannot hold
     */
    public static JdbiExamStorage h2File(Path directory, int maxConnections, H2Durability durability) {
        Objects.requireNonNull(directory, "directory");
        if (directory.toAbsolutePath().toString().contains(";")) {
            // H2 would read the rest of the path as settings of its URL.
            throw new IllegalArgumentException("the database directory must not contain ';': " + directory);
        }
        return h2(h2Url(directory, H2_SETTINGS), directory, maxConnections, durability);
    }

    /**
     * An H2 database at {@code url} (a file database in {@code directory}, possibly through a file system of
     * H2's), with group commit and the journal of saves beside it. A journal left by a process that ended without
     * writing the database file is applied first (after bringing the schema up to date), then emptied.
     */
    static JdbiExamStorage h2(String url, Path directory, int maxConnections, H2Durability durability) {
        Objects.requireNonNull(durability, "durability");
        checkPoolSize(maxConnections);
        boolean force = durability == H2Durability.FORCED_TO_DISK;
        // The pool opens the database first, so that a second process fails before it touches the journal.
        HikariDataSource pool = pool(url, "sa", "", maxConnections);
        List<SaveJournal.Entry> left;
        boolean journalLeft;
        SaveJournal journal;
        CommitDurability groupCommit;
        try {
            // The journal takes the directory's lock before anything is read: a second storage of this database
            // in this process (which H2 lets share it) is refused here.
            journal = new SaveJournal(directory, force);
            try {
                List<Path> files = SaveJournal.files(directory);
                journalLeft = files.stream().anyMatch(f -> f.toFile().length() > 0);
                left = files.stream().flatMap(f -> SaveJournal.read(f).stream()).toList();
                groupCommit = new H2GroupCommit(url, "sa", "", force, journal);
            } catch (RuntimeException e) {
                journal.close();
                throw e;
            }
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        JdbiExamStorage storage = create(pool, groupCommit);
        if (journalLeft) {
            try {
                if (!left.isEmpty()) {
                    storage.migrate();
                    int behind = JournalReplay.replay(storage, (JdbiSessionRepository) storage.sessions, left);
                    // Said once at opening: the last run ended without closing the database (killed, or crashed).
                    LOG.info("applied the journal of saves left in {} by a run that did not close the database: {} "
                            + "commits, {} sessions brought up to it", directory, left.size(), behind);
                }
                // Applied, and in the file: the replay's commit waited for it. (A journal holding only a torn
                // entry, which was never acknowledged, is emptied too, so that new entries do not follow it.)
                journal.clear();
            } catch (RuntimeException e) {
                // Kept for the next attempt: closing must not empty a journal that was not applied.
                journal.keep();
                storage.close();
                throw new IllegalStateException("cannot apply the journal of saves in " + directory + ": "
                        + e.getMessage(), e);
            }
        }
        return storage;
    }

    /**
     * Opens a pool of up to 10 connections to a database given by its JDBC URL: {@code jdbc:postgresql:...} or
     * {@code jdbc:h2:...}. The URL is used as given, and each commit is as durable as the database makes it: for an
     * H2 file database prefer {@link #h2File(Path)}, which adds group commit (a URL of your own needs H2's
     * {@code WRITE_DELAY=0} for commits to be in the file when they return).
     *
     * @throws IllegalStateException    when no connection can be opened
     * @throws IllegalArgumentException for a database other than H2 and PostgreSQL
     */
    public static JdbiExamStorage connect(String jdbcUrl, String user, String password) {
        return connect(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * As {@link #connect(String, String, String)} with a pool of up to {@code maxConnections} connections (at
     * least 2, as a migration needs two).
     */
    public static JdbiExamStorage connect(String jdbcUrl, String user, String password, int maxConnections) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        checkPoolSize(maxConnections);
        return create(pool(jdbcUrl, user, password, maxConnections), CommitDurability.AT_COMMIT);
    }

    /** The URL of the H2 file database in {@code directory}, with {@code settings} appended. */
    static String h2Url(Path directory, String settings) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().resolve(H2_DATABASE_NAME) + settings;
    }

    private static void checkPoolSize(int maxConnections) {
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections must be at least 2, was " + maxConnections);
        }
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int maxConnections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setPoolName("exam-engine");
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
        return pool;
    }

    private static JdbiExamStorage create(HikariDataSource pool, CommitDurability durability) {
        try {
            return new JdbiExamStorage(pool, durability);
        } catch (RuntimeException e) {
            durability.close();
            pool.close();
            throw e;
        }
    }

    /**
     * Creates the schema, or upgrades it to this version of the engine, with Flyway. Idempotent: on an up-to-date
     * schema it changes nothing. Upgrades keep every stored row, sessions in progress included.
     *
     * @return this storage, for chaining after a factory
     * @throws IllegalStateException when a migration fails (the failed migration is rolled back where the
     *                               database allows it, as PostgreSQL and H2 do for these scripts)
     */
    public JdbiExamStorage migrate() {
        // Flyway changes the schema on connections of its own, as a write of this storage.
        durability.begin();
        durability.beforeWrite();
        try {
            Migrations.migrate(dataSource);
        } catch (RuntimeException e) {
            durability.end();
            throw new IllegalStateException("migrating the exam engine schema failed: " + e.getMessage(), e);
        }
        // Committed on Flyway's connections; the schema is in the file before the storage is used.
        durability.awaitDurable(false);
        return this;
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

    /**
     * {@inheritDoc} Runs {@code SELECT 1} on a connection of the pool (waiting for one at most as long as any call
     * does), after checking that the group commit of an H2 file database still has its database open.
     */
    @Override
    public boolean available() {
        if (!durability.available()) {
            return false;
        }
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Closes the connection pool: connections in use are closed as they are returned, and later calls fail
     * with an {@link IllegalStateException}. For H2 this closes the database once its last connection is
     * closed, which writes everything to its file. Closing again does nothing.
     */
    @Override
    public void close() {
        dataSource.close();
        durability.close();
    }

    /** The group commit of an H2 file database, for tests. */
    CommitDurability durability() {
        return durability;
    }

    /** The JDBI instance, for tests that observe the statements run. */
    Jdbi jdbi() {
        return jdbi;
    }

    /** The pooled data source, for tests that prepare a database by hand. */
    DataSource dataSource() {
        return dataSource;
    }

    Dialect dialect() {
        return dialect;
    }

    private static Dialect detectDialect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return Dialect.fromProductName(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database product: " + e.getMessage(), e);
        }
    }

    /** The URL without its query part, which may carry a password. */
    private static String redacted(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }
}
