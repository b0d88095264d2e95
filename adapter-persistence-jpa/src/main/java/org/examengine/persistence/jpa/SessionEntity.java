package org.examengine.persistence.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;

/** A row of {@code sessions}. The {@code version} column is the optimistic lock Hibernate checks on update. */
@Entity
@Table(name = "sessions")
class SessionEntity {

    @Id
    @Column(name = "id", length = 100)
    private String id;

    /** Never changes, so an update leaves it (and the unique index it is part of) alone. */
    @Column(name = "assessment_id", length = 100, nullable = false, updatable = false)
    private String assessmentId;

    /** Never changes, so an update leaves it (and the unique index it is part of) alone. */
    @Column(name = "participant_id", length = 100, nullable = false, updatable = false)
    private String participantId;

    @Column(name = "attempt", nullable = false)
    private int attempt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 20, nullable = false)
    private SessionStatus status;

    @Column(name = "package_id", length = 100, nullable = false)
    private String packageId;

    @Column(name = "shuffle_seed", nullable = false)
    private long shuffleSeed;

    @Column(name = "total_questions", nullable = false)
    private int totalQuestions;

    @Column(name = "answered_count", nullable = false)
    private int answeredCount;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "score_percent")
    private Double scorePercent;

    @Column(name = "passed")
    private Boolean passed;

    @Column(name = "last_seen_at")
    private Instant lastSeenAt;

    @Column(name = "extra_time_seconds", nullable = false)
    private long extraTimeSeconds;

    @Column(name = "paused_seconds", nullable = false)
    private long pausedSeconds;

    @Column(name = "paused_at")
    private Instant pausedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "closed_by", length = 10)
    private ClosedBy closedBy;

    /** Null in rows stored before the column existed; read as 0. */
    @Column(name = "last_page_index")
    private Integer lastPageIndex;

    /** Null in rows stored before the column existed; read as 0. */
    @Column(name = "elapsed_seconds")
    private Integer elapsedSeconds;

    /** Null in rows stored before the column existed; read as 0. */
    @Column(name = "credited_seconds")
    private Long creditedSeconds;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected SessionEntity() {
    }

    /** A new row holding the session as given, its version included. */
    static SessionEntity of(ExamSession session) {
        SessionEntity entity = new SessionEntity();
        entity.id = session.id().value();
        entity.version = session.version();
        entity.copy(session);
        return entity;
    }

    /** Takes every field of the session except its id and version, which stay Hibernate's to manage. */
    void copy(ExamSession s) {
        assessmentId = s.assessmentId().value();
        participantId = s.participantId().value();
        attempt = s.attempt();
        status = s.status();
        packageId = s.packageId().value();
        shuffleSeed = s.shuffleSeed();
        totalQuestions = s.totalQuestions();
        answeredCount = s.answeredCount();
        startedAt = Columns.micros(s.startedAt());
        completedAt = Columns.micros(s.completedAt());
        scorePercent = s.scorePercent();
        passed = s.passed();
        lastSeenAt = Columns.micros(s.lastSeenAt());
        extraTimeSeconds = s.extraTimeSeconds();
        pausedSeconds = s.pausedSeconds();
        pausedAt = Columns.micros(s.pausedAt());
        closedBy = s.closedBy();
        lastPageIndex = s.lastPageIndex();
        elapsedSeconds = s.elapsedSeconds();
        creditedSeconds = s.creditedSeconds();
    }

    ExamSession toDomain() {
        return new ExamSession(SessionId.of(id), AssessmentId.of(assessmentId), ParticipantId.of(participantId),
                attempt, status, PackageId.of(packageId), shuffleSeed, totalQuestions, startedAt, completedAt,
                scorePercent, passed, lastPageIndex, elapsedSeconds, lastSeenAt, extraTimeSeconds, pausedSeconds,
                pausedAt, creditedSeconds == null ? 0 : creditedSeconds, closedBy, answeredCount, version);
    }

    long version() {
        return version;
    }
}
