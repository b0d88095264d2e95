package org.examengine.persistence.jpa;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.SessionId;

/**
 * A row of {@code responses}, keyed by (session, question). Written only by the dialect's upsert and by bulk
 * deletes, so an instance is never kept in a persistence context after it was read.
 */
@Entity
@Table(name = "responses")
@IdClass(ResponseEntity.Key.class)
class ResponseEntity {

    /** The primary key (session_id, question_id). */
    record Key(String sessionId, String questionId) implements Serializable {
    }

    @Id
    @Column(name = "session_id", length = 100)
    private String sessionId;

    @Id
    @Column(name = "question_id", length = 100)
    private String questionId;

    @Column(name = "option_id", length = 100)
    private String optionId;

    @Column(name = "client_seq", nullable = false)
    private long clientSeq;

    @Column(name = "saved_at", nullable = false)
    private Instant savedAt;

    protected ResponseEntity() {
    }

    Response toDomain() {
        return new Response(SessionId.of(sessionId), QuestionId.of(questionId),
                optionId == null ? null : OptionId.of(optionId), clientSeq, savedAt);
    }
}
