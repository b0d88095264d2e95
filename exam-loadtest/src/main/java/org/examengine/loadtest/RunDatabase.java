package org.examengine.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Where the engine and the baseline keep their data during a run, both fresh: H2 files in the work directory
 * (the default, the engine's embedded database) or two databases on a PostgreSQL server that the harness starts
 * for the run and stops afterwards, with every commit durable ({@code fsync} and {@code synchronous_commit} on),
 * as a production server has it.
 */
final class RunDatabase implements AutoCloseable {

    /** The databases a run can use, by the name {@code --database} takes. */
    enum Kind {
        H2, POSTGRESQL;

        static Kind named(String name) {
            for (Kind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--database must be h2, postgresql or both separated by a comma, got "
                    + name);
        }

        /** The databases of {@code --database}: one name, or several separated by commas, each once. */
        static List<Kind> list(String names) {
            List<Kind> kinds = new ArrayList<>();
            for (String name : names.split(",", -1)) {
                Kind k = named(name.trim());
                if (kinds.contains(k)) {
                    throw new IllegalArgumentException("--database names " + name.trim() + " twice");
                }
                kinds.add(k);
            }
            return List.copyOf(kinds);
        }

        String optionValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The PostgreSQL user of the run's databases (no password, connections from 127.0.0.1 only). */
    static final String POSTGRES_USER = "postgres";

    private final Kind kind;
    private final String description;
    private final String engineUrl;
    private final String user;
    private final List<String> serveArguments;
    private final String baselineTarget;
    private final EmbeddedPostgres postgres;

    private RunDatabase(Kind kind, String description, String engineUrl, String user, List<String> serveArguments,
                        String baselineTarget, EmbeddedPostgres postgres) {
        this.kind = kind;
        this.description = description;
        this.engineUrl = engineUrl;
        this.user = user;
        this.serveArguments = serveArguments;
        this.baselineTarget = baselineTarget;
        this.postgres = postgres;
    }

    /** Opens the run's databases of {@code kind} under {@code work}. */
    static RunDatabase open(Kind kind, Path work) {
        return kind == Kind.H2 ? h2(work) : postgresql(work);
    }

    private static RunDatabase h2(Path work) {
        Path engine = work.resolve("engine-db");
        try {
            Files.createDirectories(engine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunDatabase(Kind.H2, "H2 file database", DatabaseAudit.h2Url(engine), "sa",
                List.of("--db", engine.toString()), work.resolve("baseline-db").toString(), null);
    }

    private static RunDatabase postgresql(Path work) {
        EmbeddedPostgres server;
        Path data = work.resolve("postgresql-data");
        try {
            // Fresh for the run, and kept afterwards with the run's other databases and logs.
            deleteRecursively(data);
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", JavaProcess.HOST)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded PostgreSQL server did not start", e);
        }
        try {
            String version;
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE engine");
                s.execute("CREATE DATABASE baseline");
                try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                    rs.next();
                    version = rs.getString(1).split(" ")[0];
                }
            }
            String base = "jdbc:postgresql://" + JavaProcess.HOST + ":" + server.getPort() + "/";
            return new RunDatabase(Kind.POSTGRESQL, "PostgreSQL " + version + " (a server of its own on the same "
                    + "machine, fresh for the run, `fsync` and `synchronous_commit` on)", base + "engine",
                    POSTGRES_USER, List.of("--db", base + "engine", "--db-user", POSTGRES_USER), base + "baseline",
                    server);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(server);
            throw new IllegalStateException("cannot prepare the PostgreSQL databases: " + e.getMessage(), e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    Kind kind() {
        return kind;
    }

    /** The database in the report's words, e.g. {@code H2 file database}. */
    String description() {
        return description;
    }

    /** The arguments that point {@code exam-engine serve} and {@code token issue} at the engine's database. */
    List<String> serveArguments() {
        return serveArguments;
    }

    /** The baseline server's second argument: its H2 directory or its PostgreSQL JDBC URL. */
    String baselineTarget() {
        return baselineTarget;
    }

    /** A new connection to the engine's database, for the audit once the server has stopped. */
    Connection connectToEngine() throws SQLException {
        return DriverManager.getConnection(engineUrl, user, "");
    }

    @Override
    public void close() {
        if (postgres != null) {
            closeQuietly(postgres);
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            System.err.println("the embedded PostgreSQL server did not stop cleanly: " + e.getMessage());
        }
    }
}
