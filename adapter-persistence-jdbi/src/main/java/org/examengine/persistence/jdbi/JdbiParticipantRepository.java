package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.examengine.application.port.out.ParticipantRepository;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;

/** Participants; the upsert is one statement of the dialect. */
final class JdbiParticipantRepository implements ParticipantRepository {

    private final JdbiTransactions tx;
    private final Dialect dialect;

    JdbiParticipantRepository(JdbiTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public void upsert(Participant participant) {
        Upserts.run(tx, dialect, h -> h.createUpdate(dialect.upsertParticipant())
                .bind("id", participant.id().value())
                .bind("display_name", participant.displayName())
                .bind("employee_number", participant.employeeNumber())
                .bind("email", participant.email())
                .execute());
    }

    @Override
    public Optional<Participant> findById(ParticipantId id) {
        return tx.call(h -> h.createQuery(
                        "SELECT id, display_name, employee_number, email FROM participants WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    @Override
    public List<Participant> findByAssessment(AssessmentId assessmentId) {
        // A join along the unique (assessment_id, participant_id) index and the participants' primary key: H2
        // evaluates the equivalent IN (subquery) against the whole participants table.
        return tx.call(h -> h.createQuery("""
                        SELECT p.id, p.display_name, p.employee_number, p.email
                        FROM sessions s JOIN participants p ON p.id = s.participant_id
                        WHERE s.assessment_id = :assessment_id
                        """)
                .bind("assessment_id", assessmentId.value())
                .map((rs, ctx) -> map(rs))
                .list());
    }

    /** Reads {@code id, display_name, employee_number, email} by position (cheaper than by name on H2). */
    private static Participant map(ResultSet rs) throws SQLException {
        return new Participant(ParticipantId.of(rs.getString(1)), rs.getString(2), rs.getString(3),
                rs.getString(4));
    }
}
