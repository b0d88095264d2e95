package org.examengine.persistence.jpa;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code questions}: one question of a package at its authoring position (from 0). */
@Entity
@Table(name = "questions")
@IdClass(QuestionEntity.Key.class)
class QuestionEntity {

    /** The primary key (package_id, id). */
    record Key(String packageId, String id) implements Serializable {
    }

    @Id
    @Column(name = "package_id", length = 100)
    private String packageId;

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "position", nullable = false)
    private int position;

    @Column(name = "question_text", length = 10_000, nullable = false)
    private String text;

    @Column(name = "weight", nullable = false)
    private int weight;

    protected QuestionEntity() {
    }

    QuestionEntity(String packageId, String id, int position, String text, int weight) {
        this.packageId = packageId;
        this.id = id;
        this.position = position;
        this.text = text;
        this.weight = weight;
    }

    String id() {
        return id;
    }

    String text() {
        return text;
    }

    int weight() {
        return weight;
    }
}
