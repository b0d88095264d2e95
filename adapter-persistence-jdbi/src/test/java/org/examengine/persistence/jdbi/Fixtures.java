package org.examengine.persistence.jdbi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;

/** Small domain objects for the adapter's own tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2030-03-01T08:00:00.123456Z");

    private Fixtures() {
    }

    /** A package {@code id} with {@code questions} questions {@code <id>-q<i>}, options {@code <id>-q<i>-a..c}, a correct. */
    static ExamPackage pkg(String id, int questions) {
        List<Question> list = new ArrayList<>();
        for (int i = 1; i <= questions; i++) {
            String q = id + "-q" + i;
            list.add(new Question(QuestionId.of(q), "Question " + i + " of " + id,
                    List.of(new Option(OptionId.of(q + "-a"), "right", true),
                            new Option(OptionId.of(q + "-b"), "wrong", false),
                            new Option(OptionId.of(q + "-c"), "also wrong", false)),
                    1 + i % 3));
        }
        return new ExamPackage(PackageId.of(id), "Package " + id, list);
    }

    static Assessment assessment(String id, String title, PackageId... packages) {
        return new Assessment(AssessmentId.of(id), title, "Safety", LocalDate.of(2030, 3, 1), T0,
                T0.plus(Duration.ofHours(8)), 60, 70,
                ExamPolicy.defaults().withOutageCreditCap(Duration.ofMinutes(5)).withQuestionsPerPage(5),
                List.of(packages), null, 0);
    }

    static Participant participant(String id) {
        return new Participant(ParticipantId.of(id), "Worker " + id, "E-" + id, id + "@example.org");
    }

    static ExamSession session(String id, String assessmentId, String participantId, ExamPackage pkg) {
        return ExamSession.scheduled(SessionId.of(id), AssessmentId.of(assessmentId), ParticipantId.of(participantId),
                new ExamSession.Draw(pkg.id(), id.hashCode() * 31L, pkg.size()));
    }
}
