package org.examengine.persistence.jpa;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;

/** A row of {@code options}: one option of a question at its authoring position (from 0). */
@Entity
@Table(name = "options")
@IdClass(OptionEntity.Key.class)
class OptionEntity {

    /** The primary key (package_id, id): option ids are unique within a package. */
    record Key(String packageId, String id) implements Serializable {
    }

    @Id
    @Column(name = "package_id", length = 100)
    private String packageId;

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "question_id", length = 100, nullable = false)
    private String questionId;

    @Column(name = "position", nullable = false)
    private int position;

    @Column(name = "option_text", length = 2_000, nullable = false)
    private String text;

    @Column(name = "correct", nullable = false)
    private boolean correct;

    protected OptionEntity() {
    }

    OptionEntity(String packageId, String questionId, String id, int position, String text, boolean correct) {
        this.packageId = packageId;
        this.questionId = questionId;
        this.id = id;
        this.position = position;
        this.text = text;
        this.correct = correct;
    }

    Option toDomain() {
        return new Option(OptionId.of(id), text, correct);
    }
}
