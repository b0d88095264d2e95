package org.examengine.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.Participant;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.ClosedBy;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;
import org.examengine.domain.session.SessionStatus;

/** Domain objects for storage tests, with instants at microsecond precision as the engine stores them. */
public final class StorageFixtures {

    /** A fixed instant with a non-zero microsecond part. */
    public static final Instant T0 = Instant.parse("2026-03-02T08:00:00.123456Z");

    private StorageFixtures() {
    }

    /** A package {@code id} with {@code questions} questions; question i's options are listed in order a-d. */
    public static ExamPackage pkg(String id, int questions) {
        List<Question> list = new ArrayList<>();
        for (int i = 1; i <= questions; i++) {
            List<Option> options = new ArrayList<>();
            for (int o = 0; o < 4; o++) {
                options.add(new Option(OptionId.of("q" + i + "." + (char) ('a' + o)),
                        "Option " + (char) ('A' + o) + " of question " + i, o == (i - 1) % 4));
            }
            list.add(new Question(QuestionId.of("q" + i), "Question " + i + " — ü, 日本, \"quoted\"", options,
                    1 + (i % 3)));
        }
        return new ExamPackage(PackageId.of(id), "Package " + id, list);
    }

    public static Assessment assessment(String id, String title, LocalDate date, PackageId... packages) {
        return new Assessment(AssessmentId.of(id), title, "Safety", date, T0, null, 60, 70, ExamPolicy.defaults(),
                List.of(packages), null, 0);
    }

    /** An assessment with every optional field set and a non-default policy. */
    public static Assessment fullAssessment(String id, PackageId... packages) {
        ExamPolicy policy = new ExamPolicy(Duration.ofSeconds(45), Duration.ofSeconds(30), ExpiryPolicy.ABANDON,
                Duration.ofMinutes(5), true, 7, false, true);
        return new Assessment(AssessmentId.of(id), "Full " + id, "Operations", LocalDate.of(2026, 3, 2), T0,
                T0.plus(Duration.ofHours(2)), 90, 55, policy, List.of(packages), T0.plusSeconds(3_600), 0);
    }

    public static Participant participant(String id) {
        return new Participant(ParticipantId.of(id), "Name of " + id, "EMP-" + id, id + "@example.com");
    }

    public static ExamSession session(String id, Assessment assessment, String participantId, ExamPackage pkg) {
        return ExamSession.scheduled(SessionId.of(id), assessment.id(), ParticipantId.of(participantId),
                new ExamSession.Draw(pkg.id(), 42L + id.hashCode(), pkg.size()));
    }

    /** A Paused session with every nullable field set except the completion ones. */
    public static ExamSession pausedSession(String id, Assessment assessment, String participantId, ExamPackage pkg) {
        return new ExamSession(SessionId.of(id), assessment.id(), ParticipantId.of(participantId), 3,
                SessionStatus.PAUSED, pkg.id(), -7_654_321_012L, pkg.size(), T0.plusSeconds(10), null, null, null,
                2, 345, T0.plusSeconds(300), 600, 120, T0.plusSeconds(400), 33, null, 1, 0);
    }

    /** A Completed session with score, result and closedBy set. */
    public static ExamSession completedSession(String id, Assessment assessment, String participantId,
                                               ExamPackage pkg) {
        return new ExamSession(SessionId.of(id), assessment.id(), ParticipantId.of(participantId), 1,
                SessionStatus.COMPLETED, pkg.id(), 99L, pkg.size(), T0.plusSeconds(5), T0.plusSeconds(1_805),
                66.67, Boolean.FALSE, 0, 1_800, T0.plusSeconds(1_790), 0, 0, null, 0, ClosedBy.TIMEOUT,
                pkg.size(), 0);
    }
}
