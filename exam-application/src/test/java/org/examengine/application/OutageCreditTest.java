package org.examengine.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.examengine.application.port.in.SessionCommand;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.audit.AuditAction;
import org.examengine.domain.audit.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outage credit: offlineAfter is 90 s by default; the cap here is 5 minutes. */
class OutageCreditTest {

    private final ExamTestBed bed = new ExamTestBed(1, 10,
            ExamPolicy.defaults().withOutageCreditCap(Duration.ofMinutes(5)));

    private Instant startAndGetDeadline() {
        bed.open();
        bed.start(1);
        return bed.status(1).deadline();
    }

    private void heartbeat() {
        bed.engine.heartbeat().heartbeat(new SessionCommand(ExamTestBed.worker(1), bed.sid(1)));
    }

    @Test
    void aSilenceLongerThanOfflineAfterIsCreditedBeyondTheToleranceAndAudited() {
        Instant deadline = startAndGetDeadline();
        bed.advance(Duration.ofSeconds(90 + 130));
        heartbeat();
        assertThat(bed.stored(1).creditedSeconds()).isEqualTo(130);
        assertThat(bed.status(1).deadline()).isEqualTo(deadline.plusSeconds(130));
        AuditEvent credit = bed.storage.audit().findBySession(bed.sid(1)).stream()
                .filter(e -> e.action() == AuditAction.OUTAGE_CREDITED).findFirst().orElseThrow();
        assertThat(credit.detail()).contains("130");
    }

    @Test
    void creditStopsAtTheCapAcrossSeveralOutages() {
        Instant deadline = startAndGetDeadline();
        bed.advance(Duration.ofSeconds(90 + 200));
        heartbeat();
        bed.advance(Duration.ofSeconds(90 + 200));
        bed.answerCorrectly(1, 1, 1);
        assertThat(bed.stored(1).creditedSeconds()).isEqualTo(300);
        assertThat(bed.status(1).deadline()).isEqualTo(deadline.plusSeconds(300));
        assertThat(bed.auditActions(1)).filteredOn(a -> a == AuditAction.OUTAGE_CREDITED).hasSize(2);
    }

    @Test
    void aSilenceWithinOfflineAfterEarnsNothing() {
        startAndGetDeadline();
        bed.advance(Duration.ofSeconds(90));
        heartbeat();
        assertThat(bed.stored(1).creditedSeconds()).isZero();
        assertThat(bed.auditActions(1)).doesNotContain(AuditAction.OUTAGE_CREDITED);
    }

    @Test
    void comingBackAfterTheDeadlineEarnsNothing() {
        startAndGetDeadline();
        bed.advance(Duration.ofMinutes(ExamTestBed.DURATION_MINUTES).plusSeconds(30));
        heartbeat();
        assertThat(bed.stored(1).creditedSeconds()).isZero();
    }

    @Test
    void outageCreditIsOffByDefault() {
        ExamTestBed plain = ExamTestBed.standard();
        plain.open();
        plain.start(1);
        plain.advanceMinutes(10);
        plain.engine.heartbeat().heartbeat(new SessionCommand(ExamTestBed.worker(1), plain.sid(1)));
        assertThat(plain.stored(1).creditedSeconds()).isZero();
    }

    @ParameterizedTest(name = "heard from during the pause: {0}")
    @ValueSource(booleans = {false, true})
    void aSilenceBeforeAPauseIsCreditedWhenTheWorkerComesBack(boolean heardDuringThePause) {
        Instant deadline = startAndGetDeadline();
        bed.advance(Duration.ofSeconds(300));
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        bed.advance(Duration.ofSeconds(30));
        if (heardDuringThePause) {
            heartbeat();
        }
        bed.advance(Duration.ofSeconds(30));
        bed.engine.resumeSession().resumeSession(bed.hcOn(1));
        heartbeat();
        // 300 s unseen before the pause, 90 s of them within the tolerance; the pause moved the deadline by 60 s.
        assertThat(bed.stored(1).creditedSeconds()).isEqualTo(210);
        assertThat(bed.status(1).deadline()).isEqualTo(deadline.plusSeconds(60 + 210));
    }

    @Test
    void theSilenceOfAPauseIsNotAnOutage() {
        startAndGetDeadline();
        bed.engine.pauseSession().pauseSession(bed.hcOn(1));
        bed.advanceMinutes(20);
        bed.engine.resumeSession().resumeSession(bed.hcOn(1));
        heartbeat();
        assertThat(bed.stored(1).creditedSeconds()).isZero();
    }
}
