package org.examengine.persistence.jpa;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.PackageId;

/**
 * A row of {@code assessments} with its package list in {@code assessment_packages}, ordered by
 * {@code position}. A change of the list counts as a change of the assessment and bumps its version.
 */
@Entity
@Table(name = "assessments")
class AssessmentEntity {

    /** The unique key on (title, category, schedule_date), named in the error of a duplicate. */
    static final String KEY_CONSTRAINT = "uq_assessments_key";

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "title", length = 300, nullable = false)
    private String title;

    @Column(name = "category", length = 100, nullable = false)
    private String category;

    @Column(name = "schedule_date", nullable = false)
    private LocalDate scheduleDate;

    @Column(name = "opens_at", nullable = false)
    private Instant opensAt;

    @Column(name = "closes_at")
    private Instant closesAt;

    @Column(name = "duration_minutes", nullable = false)
    private int durationMinutes;

    @Column(name = "passing_score_percent", nullable = false)
    private int passingScorePercent;

    @Column(name = "grace_seconds", nullable = false)
    private long graceSeconds;

    @Column(name = "offline_after_seconds", nullable = false)
    private long offlineAfterSeconds;

    @Enumerated(EnumType.STRING)
    @Column(name = "expiry_policy", length = 20, nullable = false)
    private ExpiryPolicy expiryPolicy;

    /** Null in rows stored before outage credit existed: the feature stays off for them. */
    @Column(name = "outage_credit_cap_seconds")
    private Long outageCreditCapSeconds;

    @Column(name = "allow_review", nullable = false)
    private boolean allowReview;

    @Column(name = "questions_per_page", nullable = false)
    private int questionsPerPage;

    @Column(name = "shuffle_questions", nullable = false)
    private boolean shuffleQuestions;

    @Column(name = "shuffle_options", nullable = false)
    private boolean shuffleOptions;

    @Column(name = "closed_early_at")
    private Instant closedEarlyAt;

    @ElementCollection
    @CollectionTable(name = "assessment_packages", joinColumns = @JoinColumn(name = "assessment_id"))
    @OrderColumn(name = "position")
    @Column(name = "package_id", length = 100, nullable = false)
    private List<String> packageIds = new ArrayList<>();

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected AssessmentEntity() {
    }

    /** A new row holding the assessment as given, its version included. */
    static AssessmentEntity of(Assessment assessment) {
        AssessmentEntity entity = new AssessmentEntity();
        entity.id = assessment.id().value();
        entity.version = assessment.version();
        entity.copy(assessment);
        return entity;
    }

    /** Takes every field of the assessment except its id and version; the package list only when it differs. */
    void copy(Assessment a) {
        ExamPolicy policy = a.policy();
        title = a.title();
        category = a.category();
        scheduleDate = a.scheduleDate();
        opensAt = Columns.micros(a.opensAt());
        closesAt = Columns.micros(a.closesAt());
        durationMinutes = a.durationMinutes();
        passingScorePercent = a.passingScorePercent();
        graceSeconds = policy.grace().toSeconds();
        offlineAfterSeconds = policy.offlineAfter().toSeconds();
        expiryPolicy = policy.expiry();
        outageCreditCapSeconds = policy.outageCreditCap().toSeconds();
        allowReview = policy.allowReview();
        questionsPerPage = policy.questionsPerPage();
        shuffleQuestions = policy.shuffleQuestions();
        shuffleOptions = policy.shuffleOptions();
        closedEarlyAt = Columns.micros(a.closedEarlyAt());
        List<String> ids = a.packageIds().stream().map(PackageId::value).toList();
        if (!packageIds.equals(ids)) {
            packageIds.clear();
            packageIds.addAll(ids);
        }
    }

    Assessment toDomain() {
        ExamPolicy policy = new ExamPolicy(Duration.ofSeconds(graceSeconds), Duration.ofSeconds(offlineAfterSeconds),
                expiryPolicy, outageCreditCapSeconds == null ? Duration.ZERO : Duration.ofSeconds(outageCreditCapSeconds),
                allowReview, questionsPerPage, shuffleQuestions, shuffleOptions);
        return new Assessment(AssessmentId.of(id), title, category, scheduleDate, opensAt, closesAt, durationMinutes,
                passingScorePercent, policy, packageIds.stream().map(PackageId::of).toList(), closedEarlyAt, version);
    }

    long version() {
        return version;
    }
}
