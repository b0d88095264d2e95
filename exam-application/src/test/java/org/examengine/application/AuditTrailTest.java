package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.examengine.application.ExamTestBed.HC;

import java.time.Duration;
import java.util.List;

import org.examengine.application.port.in.AssessmentCommand;
import org.examengine.application.port.in.AssessmentRef;
import org.examengine.application.port.in.ExtendTimeCommand;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.examengine.domain.shared.Actor;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    @Test
    void everyTransitionAppendsAnEventWithActorAndStatesBeforeAndAfter() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.engine.reshuffle().reshuffle(bed.hcOn(1));
        bed.start(1);
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        bed.engine.resumeSession().resumeSession(bed.hcOn(1));
        bed.engine.extendTime().extendTime(new ExtendTimeCommand(HC, bed.sid(1), 5));
        bed.submit(1);
        bed.engine.reset().reset(bed.hcOn(1));
        bed.engine.forceClose().forceClose(bed.hcOn(1));

        List<AuditEvent> events = bed.storage.audit().findBySession(bed.sid(1));
        assertThat(events).extracting(AuditEvent::action).containsExactly(AuditAction.SESSION_RESHUFFLED,
                AuditAction.SESSION_STARTED, AuditAction.SESSION_PAUSED, AuditAction.SESSION_RESUMED,
                AuditAction.TIME_EXTENDED, AuditAction.SESSION_SUBMITTED, AuditAction.SESSION_RESET,
                AuditAction.SESSION_FORCE_CLOSED);
        assertThat(events.get(1)).satisfies(e -> {
            assertThat(e.actor()).isEqualTo(ExamTestBed.worker(1));
            assertThat(e.before()).isEqualTo("NotStarted");
            assertThat(e.after()).isEqualTo("InProgress");
            assertThat(e.at()).isEqualTo(bed.clock.instant());
        });
        assertThat(events.get(2).actor()).isEqualTo(HC);
        assertThat(events.get(6)).satisfies(e -> {
            assertThat(e.before()).isEqualTo("Completed");
            assertThat(e.after()).isEqualTo("NotStarted");
        });
    }

    @Test
    void expiryAndGroupActionsAreAuditedToo() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        bed.start(1);
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES + 3));
        bed.status(1);
        assertThat(bed.storage.audit().findBySession(bed.sid(1))).last()
                .satisfies(e -> {
                    assertThat(e.action()).isEqualTo(AuditAction.SESSION_EXPIRED);
                    assertThat(e.actor()).isEqualTo(Actor.SYSTEM);
                });

        bed.engine.closeGroupEarly().closeGroupEarly(new AssessmentCommand(HC, AssessmentRef.byId(bed.assessmentId)));
        assertThat(bed.storage.audit().findByAssessment(bed.assessmentId)).extracting(AuditEvent::action)
                .startsWith(AuditAction.ASSESSMENT_SCHEDULED)
                .endsWith(AuditAction.SESSION_FORCE_CLOSED, AuditAction.SESSION_FORCE_CLOSED,
                        AuditAction.ASSESSMENT_CLOSED_EARLY);
    }

    @Test
    void aRefusedTransitionAppendsNothing() {
        ExamTestBed bed = ExamTestBed.standard();
        bed.open();
        int before = bed.storage.audit().findByAssessment(bed.assessmentId).size();
        try {
            bed.engine.resumeSession().resumeSession(bed.hcOn(1));
        } catch (RuntimeException expected) {
            // refused: SESSION_NOT_PAUSED
        }
        assertThat(bed.storage.audit().findByAssessment(bed.assessmentId)).hasSize(before);
    }
}
