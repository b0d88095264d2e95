package org.examengine.persistence.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code packages}; its questions and options are rows of their own tables. */
@Entity
@Table(name = "packages")
class PackageEntity {

    @Id
    @Column(name = "id", length = 100)
    private String id;

    @Column(name = "title", length = 300, nullable = false)
    private String title;

    protected PackageEntity() {
    }

    PackageEntity(String id, String title) {
        this.id = id;
        this.title = title;
    }

    String title() {
        return title;
    }
}
