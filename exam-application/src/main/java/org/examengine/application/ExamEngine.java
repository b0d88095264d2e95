package org.examengine.application;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.examengine.application.port.in.AuthenticateUseCase;
import org.examengine.application.port.in.CheckExamStatusUseCase;
import org.examengine.application.port.in.CloseGroupEarlyUseCase;
import org.examengine.application.port.in.ExpireOverdueSessionsUseCase;
import org.examengine.application.port.in.ExportResultsUseCase;
import org.examengine.application.port.in.ExtendTimeUseCase;
import org.examengine.application.port.in.FindAssessmentsUseCase;
import org.examengine.application.port.in.ForceCloseUseCase;
import org.examengine.application.port.in.GetMonitoringProgressUseCase;
import org.examengine.application.port.in.GetAuditLogUseCase;
import org.examengine.application.port.in.GetResultUseCase;
import org.examengine.application.port.in.GetSessionHistoryUseCase;
import org.examengine.application.port.in.HeartbeatUseCase;
import org.examengine.application.port.in.ImportPackageUseCase;
import org.examengine.application.port.in.IssueTokenUseCase;
import org.examengine.application.port.in.PauseSessionUseCase;
import org.examengine.application.port.in.ResetUseCase;
import org.examengine.application.port.in.ReshuffleUseCase;
import org.examengine.application.port.in.ResumeSessionUseCase;
import org.examengine.application.port.in.RevokeTokenUseCase;
import org.examengine.application.port.in.SaveAnswerUseCase;
import org.examengine.application.port.in.ScheduleAssessmentUseCase;
import org.examengine.application.port.in.StartExamUseCase;
import org.examengine.application.port.in.SubmitExamUseCase;
import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.IdentityProvider;
import org.examengine.application.port.out.RandomSource;
import org.examengine.application.port.out.TokenStore;
import org.examengine.application.service.Services;
import org.examengine.application.service.TokenService;
import org.examengine.application.support.SecureRandomSource;
import org.examengine.application.support.CachingTokenStore;
import org.examengine.application.support.TokenIdentityProvider;

/**
 * The engine assembled from its out-ports: every use case, ready to call. Thread-safe; create one per
 * storage and share it.
 *
 * <pre>{@code
 * ExamEngine engine = ExamEngine.builder()
 *         .storage(new InMemoryExamStorage())   // or a database adapter
 *         .build();
 * ExamSheet sheet = engine.startExam().startExam(new SessionCommand(Actor.worker("w-1"), sessionId));
 * }</pre>
 */
public final class ExamEngine {

    private final ExamStorage storage;
    private final Services services;
    private final TokenService tokenService;

    private ExamEngine(ExamStorage storage, Services services, TokenService tokenService) {
        this.storage = storage;
        this.services = services;
        this.tokenService = tokenService;
    }

    /**
     * Whether the engine's storage answers now ({@link ExamStorage#available()}), for a health check: false when its
     * database cannot be reached or has closed. Never throws.
     */
    public boolean storageAvailable() {
        try {
            return storage.available();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public StartExamUseCase startExam() {
        return services.taking();
    }

    public SaveAnswerUseCase saveAnswer() {
        return services.taking();
    }

    public SubmitExamUseCase submitExam() {
        return services.taking();
    }

    public HeartbeatUseCase heartbeat() {
        return services.taking();
    }

    public CheckExamStatusUseCase checkExamStatus() {
        return services.taking();
    }

    public GetResultUseCase getResult() {
        return services.taking();
    }

    public GetMonitoringProgressUseCase monitoring() {
        return services.monitoring();
    }

    public ForceCloseUseCase forceClose() {
        return services.admin();
    }

    public ResetUseCase reset() {
        return services.admin();
    }

    public GetAuditLogUseCase auditLog() {
        return services.audit();
    }

    public GetSessionHistoryUseCase sessionHistory() {
        return services.admin();
    }

    public ReshuffleUseCase reshuffle() {
        return services.admin();
    }

    public PauseSessionUseCase pauseSession() {
        return services.admin();
    }

    public ResumeSessionUseCase resumeSession() {
        return services.admin();
    }

    public ExtendTimeUseCase extendTime() {
        return services.admin();
    }

    public CloseGroupEarlyUseCase closeGroupEarly() {
        return services.admin();
    }

    public ImportPackageUseCase importPackage() {
        return services.assessments();
    }

    public ScheduleAssessmentUseCase scheduleAssessment() {
        return services.assessments();
    }

    public FindAssessmentsUseCase findAssessments() {
        return services.assessments();
    }

    public ExportResultsUseCase exportResults() {
        return services.assessments();
    }

    public ExpireOverdueSessionsUseCase expireOverdueSessions() {
        return services.expiry();
    }

    public AuthenticateUseCase authenticate() {
        return services.authentication();
    }

    /** @throws IllegalStateException when the engine was built without a {@link Builder#tokens token store} */
    public IssueTokenUseCase issueToken() {
        return tokens();
    }

    /** @throws IllegalStateException when the engine was built without a {@link Builder#tokens token store} */
    public RevokeTokenUseCase revokeToken() {
        return tokens();
    }

    private TokenService tokens() {
        if (tokenService == null) {
            throw new IllegalStateException("this engine was built without a token store");
        }
        return tokenService;
    }

    /** Lanes of combined saves by default: one per core, at most 4. */
    public static final int DEFAULT_SAVE_LANES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** How many sessions the save path keeps, so that a worker's next save reads nothing: 8,192. */
    public static final int DEFAULT_RECENT_SESSIONS = 8_192;

    /** How long the default identity uses a token it has read: 10 s. */
    public static final Duration DEFAULT_TOKEN_CACHE_TTL = Duration.ofSeconds(10);

    /** Assembles an engine. Only {@link #storage} is required. */
    public static final class Builder {
        private ExamStorage storage;
        private Clock clock = Clock.systemUTC();
        private RandomSource random;
        private ExamEventPublisher events = ExamEventPublisher.none();
        private IdentityProvider identity;
        private TokenStore tokens;
        private Duration tokenCacheTtl = DEFAULT_TOKEN_CACHE_TTL;
        private int saveLanes = DEFAULT_SAVE_LANES;
        private int recentSessions = DEFAULT_RECENT_SESSIONS;

        private Builder() {
        }

        /** Required: where assessments, sessions and responses live. */
        public Builder storage(ExamStorage storage) {
            this.storage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /** The only source of time; defaults to the system clock in UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Draws, seeds and ids; defaults to {@link SecureRandomSource}. */
        public Builder random(RandomSource random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Receives committed changes for live push; defaults to dropping them. */
        public Builder events(ExamEventPublisher events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /**
         * Resolves credentials for {@link #authenticate()}. Defaults to bearer tokens from the
         * {@link #tokens token store} when one is set, otherwise to rejecting every credential.
         */
        public Builder identity(IdentityProvider identity) {
            this.identity = Objects.requireNonNull(identity, "identity");
            return this;
        }

        /** Where issued tokens are kept (hashed); enables {@link ExamEngine#issueToken()} and revocation. */
        public Builder tokens(TokenStore tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        /**
         * How long the default identity uses a token it has read before reading it again (default 10 s; zero reads
         * it on every request). A token revoked through this engine is refused at once; one revoked through
         * another engine on the same storage (another server node) is refused after at most this long.
         */
        public Builder tokenCacheTtl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("tokenCacheTtl must not be negative, was " + ttl);
            }
            this.tokenCacheTtl = ttl;
            return this;
        }

        /**
         * How many batches of saves may run side by side. SaveAnswer calls that arrive while another is running
         * share one transaction; saves are spread over this many lanes by session, each running its own batches.
         * Default: one per core, at most 4.
         */
        public Builder saveLanes(int lanes) {
            if (lanes < 1) {
                throw new IllegalArgumentException("saveLanes must be at least 1, was " + lanes);
            }
            this.saveLanes = lanes;
            return this;
        }

        /**
         * How many sessions SaveAnswer keeps as it last stored them, with what it knows of their responses, so
         * that a worker's next save to the same session reads neither (default {@value #DEFAULT_RECENT_SESSIONS};
         * zero keeps none). A kept session is proven current by the version check of the save's write, so a change
         * made by another engine on the same storage is never overlooked; it only costs that save a second try.
         * Each kept session holds its responses, up to about 13 KB of heap for 50 answered questions; one is dropped
         * when it closes.
         */
        public Builder recentSessions(int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("recentSessions must not be negative, was " + sessions);
            }
            this.recentSessions = sessions;
            return this;
        }

        /** @throws IllegalStateException without storage */
        public ExamEngine build() {
            if (storage == null) {
                throw new IllegalStateException("an ExamEngine needs a storage adapter");
            }
            RandomSource randomness = random == null ? new SecureRandomSource() : random;
            TokenStore tokenStore = tokens == null || tokenCacheTtl.isZero() ? tokens
                    : new CachingTokenStore(tokens, clock, tokenCacheTtl);
            IdentityProvider resolvedIdentity = identity != null ? identity
                    : tokenStore != null ? new TokenIdentityProvider(tokenStore, clock)
                    : credential -> Optional.empty();
            return new ExamEngine(storage, new Services(storage, clock, randomness, events, resolvedIdentity, saveLanes,
                    recentSessions),
                    tokenStore == null ? null : new TokenService(tokenStore, storage.audit(),
                            storage.transactions(), clock));
        }
    }
}
