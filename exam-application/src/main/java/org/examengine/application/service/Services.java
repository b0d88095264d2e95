package org.examengine.application.service;

import java.time.Clock;

import org.examengine.application.port.out.ExamEventPublisher;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.application.port.out.IdentityProvider;
import org.examengine.application.port.out.RandomSource;

/** The services wired to one set of out-ports; see {@code ExamEngine} for the public entry. */
public final class Services {

    private final ExamTakingService taking;
    private final MonitoringService monitoring;
    private final SessionAdminService admin;
    private final AssessmentService assessments;
    private final ExpiryService expiry;
    private final AuthenticationService authentication;
    private final AuditService audit;

    /**
     * @param saveLanes      how many batches of combined saves may run side by side (at least 1)
     * @param recentSessions how many sessions the save path keeps (see {@link RecentSessions}; at least 0)
     */
    public Services(ExamStorage storage, Clock clock, RandomSource random, ExamEventPublisher events,
                    IdentityProvider identity, int saveLanes, int recentSessions) {
        EngineContext ctx = new EngineContext(storage, clock, random, events, recentSessions);
        this.taking = new ExamTakingService(ctx, saveLanes);
        this.monitoring = new MonitoringService(ctx);
        this.admin = new SessionAdminService(ctx, monitoring);
        this.assessments = new AssessmentService(ctx);
        this.expiry = new ExpiryService(ctx);
        this.authentication = new AuthenticationService(identity);
        this.audit = new AuditService(ctx);
    }

    public ExamTakingService taking() {
        return taking;
    }

    public MonitoringService monitoring() {
        return monitoring;
    }

    public SessionAdminService admin() {
        return admin;
    }

    public AssessmentService assessments() {
        return assessments;
    }

    public ExpiryService expiry() {
        return expiry;
    }

    public AuthenticationService authentication() {
        return authentication;
    }

    public AuditService audit() {
        return audit;
    }
}
