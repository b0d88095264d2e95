package org.examengine.persistence.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;

/** A row of {@code participants}. Written only by the dialect's upsert; read through this entity. */
@Entity
@Table(name = "participants")
class ParticipantEntity {

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "display_name", length = 200, nullable = false)
    private String displayName;

    @Column(name = "employee_number", length = 100)
    private String employeeNumber;

    @Column(name = "email", length = 254)
    private String email;

    protected ParticipantEntity() {
    }

    Participant toDomain() {
        return new Participant(ParticipantId.of(id), displayName, employeeNumber, email);
    }
}
