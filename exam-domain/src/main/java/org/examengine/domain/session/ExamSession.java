package org.examengine.domain.session;

import org.examengine.domain.shared.SessionId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.grading.Grade;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.response.Response;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Require;
import org.examengine.domain.timing.Timing;

/**
 * One worker's attempt at one assessment: the aggregate that carries the exam lifecycle.
 *
 * <p>A session is created NotStarted when its assessment is scheduled, with a package drawn for it and
 * a seed for its question order. It shows as Upcoming until the assessment opens. The worker's first
 * StartExam makes it InProgress and writes {@code startedAt} once; later calls resume it. It is closed
 * (Completed or Abandoned) by the worker's SubmitExam, by the expiry policy once deadline + grace has
 * passed or the worker's page reports the time up after the deadline, or by HC. HC may pause and resume it,
 * extend its time, reshuffle it before it starts and reset it after it closed, which keeps the previous attempt
 * as history and starts a new attempt.
 *
 * <p>Instances are immutable: every transition returns a new session (or raises an {@link ExamException}
 * with a specific code and changes nothing). All time comes in as {@code now}; the repository stores the
 * result and bumps {@code version}.
 *
 * <p>Nullable components: {@code startedAt}, {@code completedAt}, {@code scorePercent}, {@code passed},
 * {@code lastPageIndex}, {@code elapsedSeconds}, {@code lastSeenAt}, {@code pausedAt} and {@code closedBy}
 * are null until the event that sets them; {@code lastPageIndex} and {@code elapsedSeconds} are also null
 * for sessions stored before they existed, and read as 0.
 *
 * @param attempt         1 for the first attempt, +1 at every reset
 * @param shuffleSeed     seed of this attempt's question and option order
 * @param totalQuestions  number of questions of the drawn package
 * @param answeredCount   number of stored responses with an option, kept in step with every save
 * @param version         optimistic concurrency version, starts at 0
 */
public record ExamSession(SessionId id, AssessmentId assessmentId, ParticipantId participantId, int attempt,
                          SessionStatus status, PackageId packageId, long shuffleSeed, int totalQuestions,
                          Instant startedAt, Instant completedAt, Double scorePercent, Boolean passed,
                          Integer lastPageIndex, Integer elapsedSeconds, Instant lastSeenAt,
                          long extraTimeSeconds, long pausedSeconds, Instant pausedAt, long creditedSeconds,
                          ClosedBy closedBy, int answeredCount, long version) {

    public ExamSession {
        Require.notNull(id, "session id");
        Require.notNull(assessmentId, "assessmentId");
        Require.notNull(participantId, "participantId");
        Require.notNull(status, "status");
        Require.notNull(packageId, "packageId");
        if (status == SessionStatus.UPCOMING) {
            throw ExamException.invalid("Upcoming is derived from the clock and never stored");
        }
        if (attempt < 1 || totalQuestions < 1 || answeredCount < 0 || answeredCount > totalQuestions
                || extraTimeSeconds < 0 || pausedSeconds < 0 || creditedSeconds < 0 || version < 0) {
            throw ExamException.invalid("session " + id + " has a negative or inconsistent counter");
        }
        if (status != SessionStatus.NOT_STARTED && status != SessionStatus.ABANDONED && startedAt == null) {
            throw ExamException.invalid("session " + id + " is " + status.label() + " without startedAt");
        }
        if ((status == SessionStatus.PAUSED) != (pausedAt != null)) {
            throw ExamException.invalid("session " + id + " pausedAt must be set exactly while Paused");
        }
        if (status.isClosed() != (closedBy != null)) {
            throw ExamException.invalid("session " + id + " closedBy must be set exactly when closed");
        }
    }

    /** A new NotStarted session, as created when its assessment is scheduled. */
    public static ExamSession scheduled(SessionId id, AssessmentId assessmentId, ParticipantId participantId,
                                        Draw draw) {
        return new ExamSession(id, assessmentId, participantId, 1, SessionStatus.NOT_STARTED, draw.packageId(),
                draw.seed(), draw.totalQuestions(), null, null, null, null, null, null, null,
                0, 0, null, 0, null, 0, 0);
    }

    /** A package drawn for an attempt: which package, the order seed and its question count. */
    public record Draw(PackageId packageId, long seed, int totalQuestions) {
        public Draw {
            Require.notNull(packageId, "packageId");
            if (totalQuestions < 1) {
                throw ExamException.invalid("a draw needs at least one question");
            }
        }
    }

    // ---------------------------------------------------------------- views

    /** The status as shown: Upcoming for a NotStarted session whose assessment has not opened. */
    public SessionStatus displayStatus(Assessment assessment, Instant now) {
        if (status == SessionStatus.NOT_STARTED && assessment.isUpcoming(now)) {
            return SessionStatus.UPCOMING;
        }
        return status;
    }

    /** The current deadline; empty until started. While paused it moves with the clock. */
    public Optional<Instant> deadline(Assessment assessment, Instant now) {
        if (startedAt == null) {
            return Optional.empty();
        }
        Instant effectiveNow = status.isClosed() && completedAt != null && completedAt.isBefore(now) ? completedAt : now;
        return Optional.of(Timing.deadline(startedAt, assessment.durationMinutes(), extraTimeSeconds, pausedSeconds,
                pausedAt, creditedSeconds, effectiveNow));
    }

    /**
     * Seconds left: empty for NotStarted (and Upcoming), 0 once closed, {@code max(0, deadline - now)} while
     * InProgress, frozen while Paused.
     */
    public Optional<Long> remainingSeconds(Assessment assessment, Instant now) {
        if (status == SessionStatus.NOT_STARTED) {
            return Optional.empty();
        }
        if (status.isClosed()) {
            return Optional.of(0L);
        }
        return Optional.of(Timing.remainingSeconds(deadline(assessment, now).orElseThrow(), now));
    }

    /** Whether the worker's page has been heard from within {@code offlineAfter} (only while started). */
    public boolean isOnline(Assessment assessment, Instant now) {
        return status.isStarted() && lastSeenAt != null
                && !lastSeenAt.plus(assessment.policy().offlineAfter()).isBefore(now);
    }

    public int lastPageIndexOrZero() {
        return lastPageIndex == null ? 0 : lastPageIndex;
    }

    /** Number of pages of this session's paper. */
    public int pageCount(ExamPolicy policy) {
        return (totalQuestions + policy.questionsPerPage() - 1) / policy.questionsPerPage();
    }

    public boolean isOwnedBy(ParticipantId participant) {
        return participantId.equals(participant);
    }

    /** Completed by the worker's own SubmitExam: a repeated submit answers with the stored result. */
    public boolean isSubmittedByWorker() {
        return status == SessionStatus.COMPLETED && closedBy == ClosedBy.WORKER;
    }

    /**
     * Whether the expiry policy applies now: InProgress past deadline + grace, or NotStarted after the
     * assessment's last start time. Paused sessions never expire.
     */
    public boolean isOverdue(Assessment assessment, Instant now) {
        if (status == SessionStatus.IN_PROGRESS) {
            return now.isAfter(expiresAt(assessment, now));
        }
        return status == SessionStatus.NOT_STARTED && assessment.startWindowPassed(now);
    }

    /** Whether closing this session now yields a grade (so the caller must load responses and grade). */
    public boolean closesWithGrade(Assessment assessment, Instant now) {
        if (status.isStarted()) {
            return !isOverdue(assessment, now) || assessment.policy().expiry() == ExpiryPolicy.AUTO_SUBMIT;
        }
        return false;
    }

    private Instant expiresAt(Assessment assessment, Instant now) {
        return deadline(assessment, now).orElseThrow().plus(assessment.policy().grace());
    }

    // ---------------------------------------------------------------- worker transitions

    /**
     * StartExam. NotStarted becomes InProgress and {@code startedAt} is written; an InProgress or Paused
     * session is returned unchanged (StartExam is also the resume call and never resets {@code startedAt}).
     *
     * @throws ExamException {@code NOT_YET_OPEN}; {@code ASSESSMENT_CLOSED} when the assessment was closed early or
     *                       its last start time has passed, and this attempt was never started (its session closed
     *                       with it); {@code SESSION_CLOSED} for any other closed session
     */
    public ExamSession start(Assessment assessment, Instant now) {
        if (status.isStarted()) {
            return this;
        }
        if (status.isClosed()) {
            if (startedAt == null && (assessment.isClosedEarly() || assessment.startWindowPassed(now))) {
                assessment.checkStartAllowed(now);
            }
            throw closed();
        }
        assessment.checkStartAllowed(now);
        return copy(SessionStatus.IN_PROGRESS, now, completedAt, scorePercent, passed, lastPageIndex, 0,
                now, extraTimeSeconds, pausedSeconds, null, creditedSeconds, null, answeredCount);
    }

    /**
     * Refuses a worker's save or submit made for another attempt than this session's current one: a page left open
     * (or offline) across a Reset must not write its picks into the new attempt.
     *
     * @param attempt the attempt the worker's page was on, or null when the caller did not say
     * @throws ExamException {@code ATTEMPT_ENDED}; {@code INVALID_INPUT} for an attempt that has not begun
     */
    public void requireAttempt(Integer attempt) {
        if (attempt != null && attempt > this.attempt) {
            throw ExamException.invalid("attempt " + attempt + " of session " + id + " has not begun; the session "
                    + "is on attempt " + this.attempt);
        }
        if (attempt != null && attempt < this.attempt) {
            throw new ExamException(ErrorCode.ATTEMPT_ENDED, "attempt " + attempt + " of session " + id
                    + " has ended; the session is on attempt " + this.attempt);
        }
    }

    /** The result of {@link #touch}: the session with {@code lastSeenAt = now} and any outage credit granted. */
    public record Touch(ExamSession session, long creditedSeconds) {
    }

    /**
     * Records that the worker's page was heard from (heartbeat, save, status check). With outage credit on,
     * a silence longer than {@code offlineAfter} that ends before the deadline adds the silence beyond
     * {@code offlineAfter} to the worker's time, up to the assessment's cap.
     */
    public Touch touch(Assessment assessment, Instant now) {
        if (!status.isStarted()) {
            return new Touch(this, 0);
        }
        long credit = 0;
        ExamPolicy policy = assessment.policy();
        if (status == SessionStatus.IN_PROGRESS && policy.outageCreditEnabled() && lastSeenAt != null
                && !now.isAfter(deadline(assessment, now).orElseThrow())) {
            credit = Timing.outageCreditSeconds(lastSeenAt, now, policy.offlineAfter(), policy.outageCreditCap(),
                    creditedSeconds);
        } else if (status == SessionStatus.PAUSED && policy.outageCreditEnabled() && lastSeenAt != null
                && lastSeenAt.isBefore(pausedAt)) {
            // Back while paused: the silence up to the pause cost working time (a pause starts before the
            // deadline); the pause itself does not count.
            credit = Timing.outageCreditSeconds(lastSeenAt, pausedAt, policy.offlineAfter(),
                    policy.outageCreditCap(), creditedSeconds);
        }
        ExamSession touched = copy(status, startedAt, completedAt, scorePercent, passed, lastPageIndex,
                elapsedSeconds, now, extraTimeSeconds, pausedSeconds, pausedAt, creditedSeconds + credit, closedBy,
                answeredCount);
        return new Touch(touched, credit);
    }

    /** The result of {@link #recordAnswer}. */
    public sealed interface AnswerOutcome permits Applied, Stale {
    }

    /** The save is newer than what is stored: store {@code response} and {@code session}. */
    public record Applied(ExamSession session, Response response) implements AnswerOutcome {
    }

    /** The save is not newer than the stored response: nothing changes and {@code stored} is the answer. */
    public record Stale(Response stored) implements AnswerOutcome {
    }

    /**
     * SaveAnswer. Accepted only while InProgress and {@code now <= deadline}; the question must belong to
     * the package, the option to the question, and the page index must be a page of this session, which is
     * checked first: a malformed save is refused whatever is stored. A well-formed save whose {@code clientSeq}
     * is not newer than the stored one is {@link Stale}, checked next: a retry answers with what is stored even
     * once the session is paused, past its deadline or closed. Otherwise the response is replaced and
     * {@code lastPageIndex}, {@code elapsedSeconds} and {@code answeredCount} move with it.
     *
     * @param previous the stored response for this question, if any
     * @param optionId null clears the answer
     * @throws ExamException {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_PAUSED}, {@code SESSION_CLOSED} (closed
     *                       by the worker or HC), {@code TIME_EXPIRED} (past the deadline, or closed by the clock),
     *                       {@code QUESTION_NOT_IN_PACKAGE}, {@code OPTION_NOT_IN_QUESTION}, {@code PAGE_OUT_OF_RANGE}
     */
    public AnswerOutcome recordAnswer(Assessment assessment, ExamPackage pkg, Optional<Response> previous,
                                      QuestionId questionId, OptionId optionId, int pageIndex, long clientSeq,
                                      Instant now) {
        checkAnswer(assessment, pkg, questionId, optionId, pageIndex);
        Optional<Stale> retried = notNewer(previous, clientSeq);
        if (retried.isPresent()) {
            return retried.get();
        }
        requireInProgressForWorker();
        if (now.isAfter(deadline(assessment, now).orElseThrow())) {
            throw new ExamException(ErrorCode.TIME_EXPIRED, "the time for session " + id + " is over");
        }
        return answer(previous, questionId, optionId, pageIndex, clientSeq, now);
    }

    /**
     * A final answer sent with SubmitExam: the same rule as {@link #recordAnswer}, but accepted until
     * deadline + grace like the submit itself, and recorded on the last page the worker saved from.
     *
     * @throws ExamException as {@link #recordAnswer}, with {@code TIME_EXPIRED} only past the grace period
     */
    public AnswerOutcome recordFinalAnswer(Assessment assessment, ExamPackage pkg, Optional<Response> previous,
                                           QuestionId questionId, OptionId optionId, long clientSeq, Instant now) {
        int pageIndex = lastPageIndexOrZero();
        checkAnswer(assessment, pkg, questionId, optionId, pageIndex);
        Optional<Stale> retried = notNewer(previous, clientSeq);
        if (retried.isPresent()) {
            return retried.get();
        }
        requireInProgressForWorker();
        if (now.isAfter(expiresAt(assessment, now))) {
            throw new ExamException(ErrorCode.TIME_EXPIRED,
                    "the time and grace period for session " + id + " are over");
        }
        return answer(previous, questionId, optionId, pageIndex, clientSeq, now);
    }

    /**
     * A save not newer than the stored response changes nothing and answers with what is stored, whatever the
     * session's state is now: a page retrying a save whose answer was lost after a pause, the deadline or a
     * close learns that the pick is stored rather than that it failed.
     */
    private static Optional<Stale> notNewer(Optional<Response> previous, long clientSeq) {
        return previous.filter(p -> !p.isOlderThan(clientSeq)).map(Stale::new);
    }

    /** The question belongs to this session's package, the option to the question, the page to the session. */
    private void checkAnswer(Assessment assessment, ExamPackage pkg, QuestionId questionId, OptionId optionId,
                             int pageIndex) {
        if (!pkg.id().equals(packageId)) {
            throw new IllegalArgumentException("package " + pkg.id() + " is not the package of session " + id);
        }
        pkg.checkAnswer(questionId, optionId);
        if (pageIndex < 0 || pageIndex >= pageCount(assessment.policy())) {
            throw new ExamException(ErrorCode.PAGE_OUT_OF_RANGE,
                    "page index " + pageIndex + " is outside 0.." + (pageCount(assessment.policy()) - 1));
        }
    }

    /** A checked, newer save: the response and the session as it leaves them. */
    private AnswerOutcome answer(Optional<Response> previous, QuestionId questionId, OptionId optionId,
                                 int pageIndex, long clientSeq, Instant now) {
        int delta = (optionId != null ? 1 : 0) - (previous.map(Response::isAnswered).orElse(false) ? 1 : 0);
        Response response = new Response(id, questionId, optionId, clientSeq, now);
        ExamSession updated = copy(status, startedAt, completedAt, scorePercent, passed, pageIndex,
                (int) Timing.workingSeconds(startedAt, pausedSeconds, pausedAt, now), now, extraTimeSeconds,
                pausedSeconds, pausedAt, creditedSeconds, closedBy, answeredCount + delta);
        return new Applied(updated, response);
    }

    /**
     * SubmitExam. Accepted while InProgress until deadline + grace; the session becomes Completed with the
     * given grade, closed by the worker. Callers answer a repeated submit from the stored result
     * ({@link #isSubmittedByWorker()}) rather than calling this again.
     *
     * @param grade computed from the stored responses (after merging the final answers of the same call)
     * @throws ExamException {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_PAUSED}, {@code TIME_EXPIRED}
     *                       (past grace, or already closed by timeout), {@code SESSION_CLOSED}
     */
    public ExamSession submit(Assessment assessment, Grade grade, Instant now) {
        requireInProgressForWorker();
        if (now.isAfter(expiresAt(assessment, now))) {
            throw new ExamException(ErrorCode.TIME_EXPIRED,
                    "the time and grace period for session " + id + " are over");
        }
        return closeCompleted(grade, now, ClosedBy.WORKER);
    }

    /**
     * The worker's page reports that the time is up (its countdown reached zero): from the deadline on, the
     * session closes at {@code now} as the expiry policy says, closed by {@code TIMEOUT}, without waiting for the
     * grace period to end: Completed with {@code grade} (AUTO_SUBMIT) or Abandoned (ABANDON). Callers record the
     * page's final answers first, as for a submit, and answer a repeated report from the stored result
     * ({@link #isClosedAtTimeUp()}).
     *
     * @param grade required when the policy is AUTO_SUBMIT, ignored otherwise
     * @throws ExamException {@code TIME_NOT_UP} before the deadline, {@code TIME_EXPIRED} past the grace period,
     *                       {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_PAUSED}, {@code SESSION_CLOSED}
     */
    public ExamSession closeAtTimeUp(Assessment assessment, Grade grade, Instant now) {
        requireInProgressForWorker();
        Instant deadline = deadline(assessment, now).orElseThrow();
        if (now.isBefore(deadline)) {
            // At the deadline itself the status already says 0 seconds remain.
            throw new ExamException(ErrorCode.TIME_NOT_UP, "session " + id + " has time left until " + deadline);
        }
        if (now.isAfter(expiresAt(assessment, now))) {
            throw new ExamException(ErrorCode.TIME_EXPIRED,
                    "the time and grace period for session " + id + " are over");
        }
        if (assessment.policy().expiry() == ExpiryPolicy.AUTO_SUBMIT) {
            return closeCompleted(Require.notNull(grade, "grade"), now, ClosedBy.TIMEOUT);
        }
        return copy(SessionStatus.ABANDONED, startedAt, now, null, null, lastPageIndex,
                (int) Timing.workingSeconds(startedAt, pausedSeconds, null, now), lastSeenAt, extraTimeSeconds,
                pausedSeconds, null, creditedSeconds, ClosedBy.TIMEOUT, answeredCount);
    }

    /** Whether the session was closed because its time ran out (by a page's report or the expiry policy). */
    public boolean isClosedAtTimeUp() {
        return status.isClosed() && closedBy == ClosedBy.TIMEOUT && startedAt != null;
    }

    // ---------------------------------------------------------------- expiry

    /**
     * Applies the expiry policy to an overdue session ({@link #isOverdue}). An InProgress session becomes
     * Completed with {@code grade} (AUTO_SUBMIT) or Abandoned (ABANDON), {@code completedAt} being the moment
     * its grace ended. A NotStarted session past the last start time becomes Abandoned.
     *
     * @param grade required when {@link #closesWithGrade} is true, ignored otherwise
     * @throws IllegalStateException when the session is not overdue
     */
    public ExamSession expire(Assessment assessment, Grade grade, Instant now) {
        if (!isOverdue(assessment, now)) {
            throw new IllegalStateException("session " + id + " is not overdue");
        }
        if (status == SessionStatus.NOT_STARTED) {
            return copy(SessionStatus.ABANDONED, null, assessment.closesAt(), null, null, lastPageIndex,
                    elapsedSeconds, lastSeenAt, extraTimeSeconds, pausedSeconds, null, creditedSeconds,
                    ClosedBy.TIMEOUT, answeredCount);
        }
        Instant expiredAt = expiresAt(assessment, now);
        if (assessment.policy().expiry() == ExpiryPolicy.AUTO_SUBMIT) {
            return closeCompleted(Require.notNull(grade, "grade"), expiredAt, ClosedBy.TIMEOUT);
        }
        return copy(SessionStatus.ABANDONED, startedAt, expiredAt, null, null, lastPageIndex,
                (int) Timing.workingSeconds(startedAt, pausedSeconds, null, expiredAt), lastSeenAt,
                extraTimeSeconds, pausedSeconds, null, creditedSeconds, ClosedBy.TIMEOUT, answeredCount);
    }

    // ---------------------------------------------------------------- HC transitions

    /**
     * Pause (HC): InProgress becomes Paused; the paused time does not count against the worker.
     *
     * @throws ExamException {@code SESSION_PAUSED}, {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_CLOSED},
     *                       {@code TIME_EXPIRED} when the deadline has already passed
     */
    public ExamSession pause(Assessment assessment, Instant now) {
        requireInProgress();
        if (now.isAfter(deadline(assessment, now).orElseThrow())) {
            throw new ExamException(ErrorCode.TIME_EXPIRED, "the time for session " + id + " is over");
        }
        return copy(SessionStatus.PAUSED, startedAt, completedAt, scorePercent, passed, lastPageIndex,
                elapsedSeconds, lastSeenAt, extraTimeSeconds, pausedSeconds, now, creditedSeconds, null,
                answeredCount);
    }

    /**
     * Resume (HC): Paused becomes InProgress, the pause is added to the paused time. The silence during the
     * pause is not outage, but a silence before it still is: a worker not seen since before the pause is taken as
     * last seen as long before now as before the pause, so that the outage credit counts that silence when the
     * worker comes back.
     *
     * @throws ExamException {@code SESSION_NOT_PAUSED}
     */
    public ExamSession resume(Instant now) {
        if (status != SessionStatus.PAUSED) {
            throw new ExamException(ErrorCode.SESSION_NOT_PAUSED, "session " + id + " is " + status.label());
        }
        Instant seen = lastSeenAt != null && lastSeenAt.isBefore(pausedAt)
                ? now.minus(Duration.between(lastSeenAt, pausedAt)) : now;
        return copy(SessionStatus.IN_PROGRESS, startedAt, completedAt, scorePercent, passed, lastPageIndex,
                elapsedSeconds, seen, extraTimeSeconds, finishedPause(now), null, creditedSeconds, null,
                answeredCount);
    }

    /**
     * ExtendTime (HC): adds minutes to this worker's deadline. Allowed while InProgress, also inside the grace
     * period (a worker whose page did not report the time up yet gets the time back). HC resumes a paused session
     * before extending it, as HC's page offers Extend only then.
     *
     * @throws ExamException {@code SESSION_NOT_IN_PROGRESS}, {@code SESSION_PAUSED}, {@code SESSION_CLOSED},
     *                       {@code INVALID_INPUT} for minutes outside 1-600
     */
    public ExamSession extendTime(int minutes, Instant now) {
        Require.range(minutes, 1, 600, "minutes");
        requireInProgress();
        return copy(status, startedAt, completedAt, scorePercent, passed, lastPageIndex, elapsedSeconds,
                lastSeenAt, extraTimeSeconds + minutes * 60L, pausedSeconds, pausedAt, creditedSeconds, null,
                answeredCount);
    }

    /**
     * ForceClose (HC, also CloseGroupEarly): NotStarted becomes Abandoned; InProgress or Paused becomes
     * Completed graded on the saved answers. Closed by HC.
     *
     * @param grade required for a started session, ignored otherwise
     * @throws ExamException {@code SESSION_CLOSED}
     */
    public ExamSession forceClose(Grade grade, Instant now) {
        if (status.isClosed()) {
            throw closed();
        }
        if (status == SessionStatus.NOT_STARTED) {
            return copy(SessionStatus.ABANDONED, null, now, null, null, lastPageIndex, elapsedSeconds, lastSeenAt,
                    extraTimeSeconds, pausedSeconds, null, creditedSeconds, ClosedBy.HC, answeredCount);
        }
        return closeCompleted(Require.notNull(grade, "grade"), now, ClosedBy.HC);
    }

    /**
     * Reset (HC): a Completed or Abandoned session becomes NotStarted as a new attempt with a new draw.
     * The caller stores {@link #toAttempt} of this session as history first.
     *
     * @throws ExamException {@code SESSION_STILL_OPEN}
     */
    public ExamSession reset(Draw draw) {
        if (!status.isClosed()) {
            throw new ExamException(ErrorCode.SESSION_STILL_OPEN,
                    "session " + id + " is " + status.label() + "; only closed sessions can be reset");
        }
        return new ExamSession(id, assessmentId, participantId, attempt + 1, SessionStatus.NOT_STARTED,
                draw.packageId(), draw.seed(), draw.totalQuestions(), null, null, null, null, null, null, null,
                0, 0, null, 0, null, 0, version);
    }

    /**
     * Reshuffle (HC): a NotStarted session gets a new draw.
     *
     * @throws ExamException {@code ALREADY_STARTED} once started, {@code SESSION_CLOSED} when closed unstarted
     */
    public ExamSession reshuffle(Draw draw) {
        if (startedAt != null || status.isStarted()) {
            throw new ExamException(ErrorCode.ALREADY_STARTED, "session " + id + " has already started");
        }
        if (status.isClosed()) {
            throw closed();
        }
        return new ExamSession(id, assessmentId, participantId, attempt, status, draw.packageId(), draw.seed(),
                draw.totalQuestions(), null, null, null, null, null, null, lastSeenAt, 0, 0, null, 0, null, 0,
                version);
    }

    /** This closed attempt as a history record holding its responses. */
    public AttemptRecord toAttempt(List<Response> responses, Instant archivedAt) {
        return new AttemptRecord(id, attempt, packageId, status, closedBy, startedAt, completedAt, scorePercent,
                passed, responses, archivedAt);
    }

    /** The same session with the version the repository stored. */
    public ExamSession withVersion(long newVersion) {
        return new ExamSession(id, assessmentId, participantId, attempt, status, packageId, shuffleSeed,
                totalQuestions, startedAt, completedAt, scorePercent, passed, lastPageIndex, elapsedSeconds,
                lastSeenAt, extraTimeSeconds, pausedSeconds, pausedAt, creditedSeconds, closedBy, answeredCount,
                newVersion);
    }

    // ---------------------------------------------------------------- internals

    private ExamSession closeCompleted(Grade grade, Instant at, ClosedBy by) {
        long paused = finishedPause(at);
        return copy(SessionStatus.COMPLETED, startedAt, at, grade.scorePercent(), grade.passed(), lastPageIndex,
                (int) Timing.workingSeconds(startedAt, paused, null, at), lastSeenAt, extraTimeSeconds, paused,
                null, creditedSeconds, by, answeredCount);
    }

    private long finishedPause(Instant now) {
        if (pausedAt == null) {
            return pausedSeconds;
        }
        return pausedSeconds + Timing.pauseSeconds(pausedAt, now);
    }

    private void requireInProgress() {
        if (status == SessionStatus.IN_PROGRESS) {
            return;
        }
        if (status == SessionStatus.PAUSED) {
            throw new ExamException(ErrorCode.SESSION_PAUSED, "session " + id + " is paused by HC");
        }
        if (status.isClosed()) {
            throw closed();
        }
        throw notInProgress();
    }

    /**
     * {@link #requireInProgress} for what a worker sends (saves, final answers, submit): a session the clock closed
     * answers {@code TIME_EXPIRED}, the same code whether the worker's page saves or submits after it.
     */
    private void requireInProgressForWorker() {
        if (status.isClosed() && closedBy == ClosedBy.TIMEOUT) {
            throw new ExamException(ErrorCode.TIME_EXPIRED, "session " + id + " was closed when its time ran out");
        }
        requireInProgress();
    }

    private ExamException closed() {
        return new ExamException(ErrorCode.SESSION_CLOSED, "session " + id + " is " + status.label());
    }

    private ExamException notInProgress() {
        return new ExamException(ErrorCode.SESSION_NOT_IN_PROGRESS, "session " + id + " is " + status.label());
    }

    private ExamSession copy(SessionStatus newStatus, Instant newStartedAt, Instant newCompletedAt, Double newScore,
                             Boolean newPassed, Integer newLastPage, Integer newElapsed, Instant newLastSeen,
                             long newExtra, long newPaused, Instant newPausedAt, long newCredited,
                             ClosedBy newClosedBy, int newAnswered) {
        return new ExamSession(id, assessmentId, participantId, attempt, newStatus, packageId, shuffleSeed,
                totalQuestions, newStartedAt, newCompletedAt, newScore, newPassed, newLastPage, newElapsed,
                newLastSeen, newExtra, newPaused, newPausedAt, newCredited, newClosedBy, newAnswered, version);
    }
}
