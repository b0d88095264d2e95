package org.examengine.persistence.jpa;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.examengine.application.port.out.TokenStore.StoredToken;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Role;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code access_tokens}: a token's id, the SHA-256 hash of its secret, its subject and its times. */
@Entity
@Table(name = "access_tokens")
class AccessTokenEntity {

    @Id
    @Column(name = "id", length = 100)
    private String id;

    /** Lowercase hex, always 64 characters: a fixed-width column. */
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "secret_hash", length = 64, nullable = false)
    private String secretHash;

    @Column(name = "subject_id", length = 200, nullable = false)
    private String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(name = "subject_role", length = 20, nullable = false)
    private Role subjectRole;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected AccessTokenEntity() {
    }

    static AccessTokenEntity of(StoredToken token) {
        AccessTokenEntity entity = new AccessTokenEntity();
        entity.id = token.tokenId();
        entity.secretHash = token.secretHash();
        entity.subjectId = token.subject().id();
        entity.subjectRole = token.subject().role();
        entity.issuedAt = Columns.micros(token.issuedAt());
        entity.expiresAt = Columns.micros(token.expiresAt());
        entity.revokedAt = Columns.micros(token.revokedAt());
        return entity;
    }

    StoredToken toDomain() {
        return new StoredToken(id, secretHash, new Actor(subjectId, subjectRole), issuedAt, expiresAt, revokedAt);
    }
}
