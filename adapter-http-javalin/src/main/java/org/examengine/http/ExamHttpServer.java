package org.examengine.http;

import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.examengine.application.ExamEngine;
import org.examengine.application.port.in.SystemCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ExamException;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exam engine over HTTP: a JSON API for every use case, WebSocket push for monitoring and for the worker's
 * session, the browser pages (login, assessments, HC monitoring, worker exam, result) with their cookie login,
 * health and Prometheus metrics. Built around an {@link ExamEngine}:
 *
 * <pre>{@code
 * WebSocketMonitoringPublisher live = new WebSocketMonitoringPublisher();
 * ExamEngine engine = ExamEngine.builder().storage(storage).tokens(tokenStore).events(live).build();
 * ExamHttpServer server = ExamHttpServer.builder(engine).liveUpdates(live).port(8080).build().start();
 * ...
 * server.stop();
 * }</pre>
 *
 * <p>Behaviour:
 * <ul>
 *   <li>Listens on {@code 127.0.0.1} unless another host is given; port {@code 0} picks a free port, which
 *   {@link #port()} tells once started.</li>
 *   <li>Callers authenticate with {@code Authorization: Bearer <token>} (checked by the engine's identity port)
 *   or with the cookie of {@code POST /api/login}; cookie requests that change state must send the
 *   {@code X-CSRF-Token} header. Roles and ownership are the engine's rules: another worker's session is 404.</li>
 *   <li>Every error is {@code application/problem+json} with a stable {@code code}; bodies over the limit are 413,
 *   non-JSON bodies 415, StartExam past the start bucket 429 with {@code Retry-After}.</li>
 *   <li>Without {@link Builder#liveUpdates} the push channels still work but learn about changes only from their
 *   periodic refresh.</li>
 *   <li>While running, a sweeper closes overdue sessions every {@link Builder#sweepInterval} (the engine also
 *   closes them lazily on every read and write).</li>
 * </ul>
 * Thread-safe. {@link #start()} once; {@link #stop()} closes the listener, every socket and the background
 * threads, and may be called more than once.
 */
public final class ExamHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExamHttpServer.class);
    private static final String STARTED_NANOS = "examengine.startedNanos";

    private final Builder config;
    private final Json json = new Json();
    private final Problems problems = new Problems(json);
    private final Metrics metrics;
    private final LoginCookies logins;
    private final Identity identity;
    private final StartAdmission admission;
    // One caller's own starts (resumes included): at most 10 at once, then one a second.
    private static final double CALLER_STARTS_PER_SECOND = 1;
    private static final int CALLER_START_BURST = 10;
    private final CallerStartLimit callerStarts;
    private static final long EAGER_BODY_BYTES = 16 * 1024;
    private final ScheduledExecutorService pushExecutor;
    private final ScheduledExecutorService housekeeping;
    private final PushHub hub;
    private final SocketCredentials socketCredentials;
    private final Javalin app;
    private List<Routing.Route> routes = List.of();
    private volatile boolean started;
    private volatile boolean stopped;

    private ExamHttpServer(Builder b) {
        this.config = b;
        this.metrics = new Metrics(b.meterRegistry);
        this.logins = new LoginCookies(b.clock, b.loginLifetime);
        this.identity = new Identity(b.engine, logins, b.secureCookies, b.pageOrigins);
        this.admission = new StartAdmission(b.startsPerSecond, b.startBurst, b.admissionTicker);
        this.callerStarts = new CallerStartLimit(CALLER_STARTS_PER_SECOND, CALLER_START_BURST, b.admissionTicker);
        this.pushExecutor = executor("exam-push", 2);
        this.housekeeping = executor("exam-housekeeping", 1);
        MonitoringCache polls = new MonitoringCache(b.clock);
        this.hub = new PushHub(b.engine, json, metrics, pushExecutor, b.pushCoalescing, polls);
        this.socketCredentials = new SocketCredentials(identity, b.maxSocketsPerCredential, b.clock);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            // Its thread would hold the JVM open for seconds after a server that was built and closed unstarted.
            cfg.startup.startupWatcherEnabled = false;
            cfg.jsonMapper(json.javalinMapper());
            cfg.http.maxRequestSize = b.maxImportBytes;
            // A known path asked with a method it does not serve is 405, not 404.
            cfg.http.prefer405over404 = true;
            cfg.jetty.host = b.host;
            cfg.jetty.port = b.port;
            cfg.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
            cfg.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler(problems));
                if (!b.stopGrace.isZero()) {
                    // On stop, requests in flight are let finish (up to the grace) while no new one is taken.
                    server.insertHandler(new GracefulHandler());
                    server.setStopTimeout(b.stopGrace.toMillis());
                }
            });
            // Javalin opens a servlet session on every WebSocket upgrade (to copy its attributes); logins keep no
            // server state, so such a session is neither sent as a cookie nor kept past its request.
            cfg.jetty.modifyServletContextHandler(context -> {
                // A request's body (up to 16 KiB: every body but an import's or a schedule's) is taken in without a
                // thread before a handler reads it (blocking): a client that sends its body slowly, or never, holds
                // a connection, not one of the threads every caller needs. Larger bodies are read only once their
                // caller is known (an ADMIN), or refused by their declared length (signing in).
                context.insertHandler(new EagerContentHandler(
                        new EagerContentHandler.RetainedContentLoaderFactory(EAGER_BODY_BYTES, -1, false)));
                SessionHandler sessions = context.getSessionHandler();
                sessions.setUsingCookies(false);
                NullSessionCache none = new NullSessionCache(sessions);
                none.setSessionDataStore(new NullSessionDataStore());
                sessions.setSessionCache(none);
            });
            cfg.jetty.modifyWebSocketServletFactory(ws -> {
                ws.setIdleTimeout(b.webSocketIdleTimeout);
                // Clients only send pings; anything large is not ours.
                ws.setMaxTextMessageSize(4_096);
                ws.setMaxBinaryMessageSize(4_096);
                // A client this far behind is better reconnected (with its version) than buffered without end.
                ws.setMaxOutgoingFrames(4_096);
            });

            cfg.routes.before(ctx -> {
                ctx.attribute(STARTED_NANOS, System.nanoTime());
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("X-Frame-Options", "DENY");
                if (b.secureCookies) {
                    // Served over HTTPS (behind a TLS proxy): browsers come back over HTTPS only.
                    ctx.header("Strict-Transport-Security", "max-age=31536000");
                }
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            cfg.routes.beforeMatched(ctx -> {
                if (SessionRoutes.admitStart(ctx, identity, admission, callerStarts, metrics)) {
                    SessionRoutes.checkStartCredential(ctx, identity, admission);
                } else if (ctx.path().equals("/api/logout")) {
                    // Logout needs no valid credential (a revoked or expired login must still be able to clear
                    // its cookies), only the CSRF token of the login it ends.
                    identity.checkLogout(ctx);
                } else if (ctx.path().startsWith("/api/") && !ctx.path().equals("/api/login")) {
                    // Login reads no identity: a stale cookie must not stand in the way of a fresh login.
                    identity.resolve(ctx);
                }
            });
            cfg.routes.after(this::recordRequest);

            cfg.routes.exception(ExamException.class, problems::engine);
            cfg.routes.exception(HttpProblem.class, problems::http);
            cfg.routes.exception(HttpResponseException.class, problems::javalin);
            cfg.routes.exception(Exception.class, problems::unexpected);
            cfg.routes.error(404, ctx -> {
                if (!Problems.written(ctx)) {
                    problems.write(ctx, 404, HttpProblem.ROUTE_NOT_FOUND, "no route " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.error(405, ctx -> {
                if (!Problems.written(ctx)) {
                    problems.write(ctx, 405, HttpProblem.METHOD_NOT_ALLOWED, "method not allowed here");
                }
            });

            Routing routing = new Routing(cfg.routes, b.engine, json, identity, b.maxRequestBytes, b.maxImportBytes);
            AuthRoutes.register(routing);
            SessionRoutes.register(routing, admission);
            SessionActionRoutes.register(routing);
            MonitoringRoutes.register(routing, b.liveUpdates == null ? null : polls);
            AssessmentRoutes.register(routing);
            PackageRoutes.register(routing);
            // A revocation closes the sockets opened with that token at once, not at the next round of checks.
            TokenRoutes.register(routing, () -> housekeeping.execute(socketCredentials::recheck));
            AuditRoutes.register(routing);
            SystemRoutes.register(routing, metrics, b.clock, hub::watcherCount, b.engine::storageAvailable);
            PushRoutes.register(routing, hub, socketCredentials, b.webSocketPingInterval, b.clock);
            PageRoutes.register(cfg.routes);
            routes = routing.declared();
        });
    }

    public static Builder builder(ExamEngine engine) {
        return new Builder(engine);
    }

    /**
     * Binds the listener and starts the push and housekeeping threads. A start that fails leaves the server
     * stopped.
     *
     * @return this server, for chaining
     * @throws IllegalStateException when already started (a stopped server cannot start again), when its
     *                               {@link Builder#liveUpdates publisher} feeds another running server, or when it
     *                               cannot listen on its host and port (the message says why)
     */
    public synchronized ExamHttpServer start() {
        if (started || stopped) {
            throw new IllegalStateException(stopped ? "a stopped server cannot start again"
                    : "the server was already started");
        }
        started = true;
        try {
            if (config.liveUpdates != null) {
                config.liveUpdates.attach(hub);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        try {
            app.start();
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot listen on " + config.host + ":" + config.port + ": "
                    + whyNotListening(e), e);
        }
        long refresh = config.pushRefresh.toMillis();
        housekeeping.scheduleWithFixedDelay(hub::refreshAll, refresh, refresh, TimeUnit.MILLISECONDS);
        // Tokens expire, and revocations on other nodes reach this one once its cached copy of the token is old.
        housekeeping.scheduleWithFixedDelay(socketCredentials::recheck, refresh, refresh, TimeUnit.MILLISECONDS);
        if (!config.sweepInterval.isZero()) {
            long sweep = config.sweepInterval.toMillis();
            housekeeping.scheduleWithFixedDelay(this::sweep, sweep, sweep, TimeUnit.MILLISECONDS);
        }
        LOG.info("exam engine HTTP server listening on {}:{}", config.host, port());
        return this;
    }

    /**
     * Stops listening, lets the requests being handled finish (up to {@link Builder#stopGrace}), then closes every
     * socket and background thread. Safe to call more than once.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (config.liveUpdates != null) {
            config.liveUpdates.detach(hub);
        }
        housekeeping.shutdownNow();
        try {
            app.stop();
        } catch (RuntimeException e) {
            if (!graceRanOut(e)) {
                throw e;
            }
            // Jetty stopped all the same, closing the connections of what had not finished.
            LOG.warn("requests still in flight after the stop grace of {} s were cut off",
                    config.stopGrace.toSeconds());
        } finally {
            pushExecutor.shutdownNow();
            metrics.close();
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /**
     * The port the server listens on (the chosen one when built with port 0).
     *
     * @throws IllegalStateException before {@link #start()} and after {@link #stop()}
     */
    public int port() {
        if (!started || stopped) {
            throw new IllegalStateException(stopped ? "the server is stopped" : "the server is not started");
        }
        return app.port();
    }

    /** Whether a failure of Jetty's stop is its wait for the requests in flight running out. */
    private static boolean graceRanOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause of a failed bind, in words (Jetty's own message blames the port for any cause). */
    private static String whyNotListening(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return "the host does not resolve";
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** The routes this server declares, for checking them against the OpenAPI document. */
    List<Routing.Route> routes() {
        return routes;
    }

    private void sweep() {
        try {
            config.engine.expireOverdueSessions().expireOverdueSessions(new SystemCommand(Actor.SYSTEM));
        } catch (RuntimeException e) {
            LOG.warn("sweeper run failed", e);
        }
    }

    private void recordRequest(Context ctx) {
        Long startedNanos = ctx.attribute(STARTED_NANOS);
        if (startedNanos == null) {
            return;
        }
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        metrics.request(ctx.method().name(), endpoint == null ? "unmatched" : endpoint.path, ctx.statusCode(),
                System.nanoTime() - startedNanos);
    }

    private static ScheduledExecutorService executor(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = Executors.defaultThreadFactory().newThread(r);
            t.setName(name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, factory);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Settings of an {@link ExamHttpServer}; every one has a default except the engine. */
    public static final class Builder {
        private final ExamEngine engine;
        private String host = "127.0.0.1";
        private int port = 8080;
        private WebSocketMonitoringPublisher liveUpdates;
        private double startsPerSecond = 250;
        private int startBurst = 50;
        private LongSupplier admissionTicker = System::nanoTime;
        private int maxRequestBytes = 64 * 1024;
        private int maxImportBytes = 8 * 1024 * 1024;
        private Duration pushCoalescing = Duration.ofMillis(25);
        private Duration pushRefresh = Duration.ofSeconds(10);
        private Duration webSocketIdleTimeout = Duration.ofSeconds(60);
        private Duration webSocketPingInterval = Duration.ofSeconds(20);
        private Duration loginLifetime = Duration.ofHours(12);
        private boolean secureCookies;
        private PageOrigins pageOrigins = PageOrigins.of(List.of());
        private int maxSocketsPerCredential = 256;
        private Duration sweepInterval = Duration.ofSeconds(30);
        private Duration stopGrace = Duration.ofSeconds(10);
        private PrometheusMeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();

        private Builder(ExamEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The address to bind; default {@code 127.0.0.1} (this machine only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind, 0 to pick a free one; default 8080. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /** The publisher the engine was built with ({@code ExamEngine.builder().events(live)}); enables live push. */
        public Builder liveUpdates(WebSocketMonitoringPublisher live) {
            this.liveUpdates = Objects.requireNonNull(live, "live");
            return this;
        }

        /**
         * The start bucket: {@code burst} StartExam calls at once, then {@code perSecond}; default 250/s, 50. A small
         * burst keeps the starts admitted at once few enough to be served quickly; the rest are told when to come
         * back ({@code 429} with {@code Retry-After}).
         */
        public Builder startAdmission(double perSecond, int burst) {
            if (!(perSecond > 0) || burst < 1) {
                throw new IllegalArgumentException("a start bucket needs a positive rate and a burst of at least 1");
            }
            this.startsPerSecond = perSecond;
            this.startBurst = burst;
            return this;
        }

        /** The nanosecond ticker by which the start bucket fills again; tests may hold it still. */
        Builder startAdmissionTicker(LongSupplier nanoTime) {
            this.admissionTicker = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /** The largest body of an ordinary request; default 64 KiB. */
        public Builder maxRequestBytes(int bytes) {
            this.maxRequestBytes = positive(bytes, "maxRequestBytes");
            return this;
        }

        /** The largest body of a package import or a scheduling request; default 8 MiB. */
        public Builder maxImportBytes(int bytes) {
            this.maxImportBytes = positive(bytes, "maxImportBytes");
            return this;
        }

        /**
         * The least time between two monitoring snapshots of one assessment; changes within it are sent together.
         * Default 25 ms.
         */
        public Builder pushCoalescing(Duration window) {
            this.pushCoalescing = nonNegative(window, "pushCoalescing");
            return this;
        }

        /** How often watched groups are checked for time-driven changes (online flags, opening); default 10 s. */
        public Builder pushRefresh(Duration interval) {
            this.pushRefresh = positive(interval, "pushRefresh");
            return this;
        }

        /** A socket silent for this long is closed; default 60 s. */
        public Builder webSocketIdleTimeout(Duration timeout) {
            this.webSocketIdleTimeout = positive(timeout, "webSocketIdleTimeout");
            return this;
        }

        /** How often the server pings every socket; default 20 s (keep it below the idle timeout). */
        public Builder webSocketPingInterval(Duration interval) {
            this.webSocketPingInterval = positive(interval, "webSocketPingInterval");
            return this;
        }

        /** How long a browser login lasts; default 12 h. */
        public Builder loginLifetime(Duration lifetime) {
            this.loginLifetime = positive(lifetime, "loginLifetime");
            return this;
        }

        /** Marks the login cookies {@code Secure}; turn on whenever the server is reached over HTTPS. */
        public Builder secureCookies(boolean secure) {
            this.secureCookies = secure;
            return this;
        }

        /**
         * The origins at which browsers reach the pages, such as {@code https://exam.example.com}, when a proxy in
         * front does not pass the browser's {@code Host} on (nor {@code X-Forwarded-Host} or {@code Forwarded}).
         * A browser's socket authenticated by the login cookie is accepted only from the server's own origin; without
         * this, the pages behind such a proxy fall back to polling. Default none.
         *
         * @throws IllegalArgumentException for an origin that is not {@code http} or {@code https} with a host
         *                                  and no path
         */
        public Builder publicOrigins(Collection<String> origins) {
            this.pageOrigins = PageOrigins.of(Objects.requireNonNull(origins, "origins"));
            return this;
        }

        /**
         * The most WebSockets one token holds open at once, on this node; default 256. A worker's page holds one,
         * an HC's page one per watched group; past the most, an upgrade is refused with 429
         * {@code TOO_MANY_SOCKETS}.
         */
        public Builder maxSocketsPerCredential(int sockets) {
            this.maxSocketsPerCredential = positive(sockets, "maxSocketsPerCredential");
            return this;
        }

        /** How often overdue sessions are closed in the background; {@link Duration#ZERO} turns it off. */
        public Builder sweepInterval(Duration interval) {
            this.sweepInterval = nonNegative(interval, "sweepInterval");
            return this;
        }

        /**
         * How long {@link ExamHttpServer#stop()} lets the requests being handled finish (a save whose body is still
         * arriving included) while it takes no new connection; default 10 s. Open sockets are closed after it.
         * {@link Duration#ZERO} stops at once, cutting requests in flight.
         */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = nonNegative(grace, "stopGrace");
            return this;
        }

        /** The registry {@code /metrics} scrapes; default a fresh one. */
        public Builder meterRegistry(PrometheusMeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * The clock of login lifetimes, timestamps and the age of kept monitoring answers; default the system clock
         * in UTC. Give it the engine's clock when the engine has another.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }


        /**
         * A server ready to {@link ExamHttpServer#start()}.
         *
         * @throws IllegalArgumentException when the ping interval is not below the socket idle timeout (idle
         *                                  sockets would be closed between two pings)
         */
        public ExamHttpServer build() {
            if (webSocketPingInterval.compareTo(webSocketIdleTimeout) >= 0) {
                throw new IllegalArgumentException("webSocketPingInterval (" + webSocketPingInterval
                        + ") must be below webSocketIdleTimeout (" + webSocketIdleTimeout + ")");
            }
            return new ExamHttpServer(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration positive(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static Duration nonNegative(Duration value, String name) {
            if (Objects.requireNonNull(value, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return value;
        }
    }
}
