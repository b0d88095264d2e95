package org.examengine.persistence.jpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;

/**
 * A row of {@code attempts} with its archived responses in {@code attempt_responses}, in their order. Rows are
 * appended and never changed; the identity column gives the order of appends.
 */
@Entity
@Table(name = "attempts")
class AttemptEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    private Long id;

    @Column(name = "session_id", length = 100, nullable = false)
    private String sessionId;

    @Column(name = "attempt", nullable = false)
    private int attempt;

    @Column(name = "package_id", length = 100, nullable = false)
    private String packageId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", length = 20, nullable = false)
    private SessionStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "closed_by", length = 10)
    private ClosedBy closedBy;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    @Column(name = "score_percent")
    private Double scorePercent;

    @Column(name = "passed")
    private Boolean passed;

    @Column(name = "archived_at", nullable = false)
    private Instant archivedAt;

    @ElementCollection
    @CollectionTable(name = "attempt_responses", joinColumns = @JoinColumn(name = "attempt_id"))
    @OrderColumn(name = "position")
    private List<ArchivedResponse> responses = new ArrayList<>();

    protected AttemptEntity() {
    }

    static AttemptEntity of(AttemptRecord record) {
        AttemptEntity entity = new AttemptEntity();
        entity.sessionId = record.sessionId().value();
        entity.attempt = record.attempt();
        entity.packageId = record.packageId().value();
        entity.status = record.status();
        entity.closedBy = record.closedBy();
        entity.startedAt = Columns.micros(record.startedAt());
        entity.completedAt = Columns.micros(record.completedAt());
        entity.scorePercent = record.scorePercent();
        entity.passed = record.passed();
        entity.archivedAt = Columns.micros(record.archivedAt());
        record.responses().forEach(r -> entity.responses.add(ArchivedResponse.of(r)));
        return entity;
    }

    AttemptRecord toDomain() {
        return new AttemptRecord(SessionId.of(sessionId), attempt, PackageId.of(packageId), status, closedBy,
                startedAt, completedAt, scorePercent, passed,
                responses.stream().map(ArchivedResponse::toDomain).toList(), archivedAt);
    }

    /** A row of {@code attempt_responses}: a response as it was when its attempt was archived. */
    @Embeddable
    static class ArchivedResponse {

        @Column(name = "session_id", length = 100, nullable = false)
        private String sessionId;

        @Column(name = "question_id", length = 100, nullable = false)
        private String questionId;

        @Column(name = "option_id", length = 100)
        private String optionId;

        @Column(name = "client_seq", nullable = false)
        private long clientSeq;

        @Column(name = "saved_at", nullable = false)
        private Instant savedAt;

        protected ArchivedResponse() {
        }

        static ArchivedResponse of(Response response) {
            ArchivedResponse row = new ArchivedResponse();
            row.sessionId = response.sessionId().value();
            row.questionId = response.questionId().value();
            row.optionId = response.optionId() == null ? null : response.optionId().value();
            row.clientSeq = response.clientSeq();
            row.savedAt = Columns.micros(response.savedAt());
            return row;
        }

        Response toDomain() {
            return new Response(SessionId.of(sessionId), QuestionId.of(questionId),
                    optionId == null ? null : OptionId.of(optionId), clientSeq, savedAt);
        }
    }
}
