package org.examengine.http;

import java.util.List;
import java.util.Map;

import org.examengine.application.port.in.FinalAnswer;
import org.examengine.application.port.in.SaveAnswerCommand;
import org.examengine.application.port.in.SessionCommand;
import org.examengine.application.port.in.SubmitExamCommand;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.Require;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;

/**
 * The worker's exam: start (or resume), save an answer, heartbeat, status, submit and result. The engine
 * answers another worker's session as not found (404). StartExam passes the start bucket first: past its
 * capacity the answer is 429 with {@code Retry-After}.
 */
final class SessionRoutes {

    /** One pick; {@code optionId} null or absent clears the answer. */
    record SaveAnswerBody(String questionId, String optionId, Integer pageIndex, Long clientSeq, Integer attempt) {
    }

    record FinalAnswerBody(String questionId, String optionId, Long clientSeq) {
    }

    record SubmitBody(List<FinalAnswerBody> finalAnswers, Integer attempt, Boolean timeUp) {
    }

    private SessionRoutes() {
    }

    /**
     * Passes a StartExam request through the start bucket, before its credential is checked: during the start
     * rush a refused start then costs no storage read at all. An admitted start whose credential then proves
     * invalid gives its token back ({@link #checkStartCredential}).
     *
     * @return whether the request took a token of the bucket
     * @throws HttpProblem 429 {@code TOO_MANY_REQUESTS} with {@code Retry-After} past the bucket's capacity
     */
    static boolean admitStart(Context ctx, Identity identity, StartAdmission admission, CallerStartLimit callers,
                              Metrics metrics) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null || !endpoint.path.equals(START) || !ctx.method().name().equals("POST")) {
            return false;
        }
        // A request with no credential at all is refused (401) without a storage read; it takes no one's slot.
        String caller = identity.presentedToken(ctx);
        if (caller == null) {
            return false;
        }
        long own = callers.tryAdmit(caller);
        if (own > 0) {
            metrics.startRefused();
            throw new HttpProblem(429, HttpProblem.TOO_MANY_REQUESTS,
                    "too many starts from this caller; retry after " + own + " s",
                    Map.of("Retry-After", Long.toString(own)));
        }
        long wait = admission.tryAdmit();
        if (wait > 0) {
            callers.giveBack(caller);
            metrics.startRefused();
            throw new HttpProblem(429, HttpProblem.TOO_MANY_REQUESTS,
                    "too many workers are starting at once; retry after " + wait + " s",
                    Map.of("Retry-After", Long.toString(wait)));
        }
        ctx.attribute(ADMITTED, Boolean.TRUE);
        return true;
    }

    /** Gives back the bucket's token that {@link #admitStart} took for this request, once, if it took one. */
    private static void giveBack(Context ctx, StartAdmission admission) {
        if (Boolean.TRUE.equals(ctx.attribute(ADMITTED))) {
            ctx.attribute(ADMITTED, Boolean.FALSE);
            admission.giveBack();
        }
    }

    /**
     * Resolves the caller of a request that {@link #admitStart} admitted; when its credential is refused (unknown,
     * forged, expired or revoked token, stale cookie, missing CSRF header), the start gives its token back
     * before the refusal is answered, so that a flood of bad credentials cannot keep real workers from starting.
     */
    static void checkStartCredential(Context ctx, Identity identity, StartAdmission admission) {
        try {
            identity.resolve(ctx);
        } catch (RuntimeException refused) {
            giveBack(ctx, admission);
            throw refused;
        }
        if (!identity.resolved(ctx)) {
            giveBack(ctx, admission);
        }
    }

    /** The start route, whose requests pass the start bucket before anything else runs. */
    static final String START = "/api/sessions/{sessionId}/start";

    private static final String ADMITTED = "examengine.startAdmitted";

    static void register(Routing r, StartAdmission admission) {
        // Admission to the start bucket happens before identity (see admitStart), so a refused start costs nothing.
        r.post(START, ctx -> {
            try {
                var command = new SessionCommand(r.actor(ctx), r.sessionId(ctx));
                r.noBody(ctx);
                r.json.respond(ctx, 200, r.engine.startExam().startExam(command));
            } catch (RuntimeException refused) {
                // A start refused (a malformed id, another worker's or an unknown session, a closed one) started
                // nothing: its token goes back, so that one caller's refused starts cannot keep others out.
                giveBack(ctx, admission);
                throw refused;
            }
        });
        r.post("/api/sessions/{sessionId}/answers", ctx -> {
            var actor = r.actor(ctx);
            var sessionId = r.sessionId(ctx);
            SaveAnswerBody body = r.body(ctx, SaveAnswerBody.class);
            var command = new SaveAnswerCommand(actor, sessionId,
                    QuestionId.of(Require.notNull(body.questionId(), "questionId")),
                    body.optionId() == null ? null : OptionId.of(body.optionId()),
                    Require.notNull(body.pageIndex(), "pageIndex"),
                    Require.notNull(body.clientSeq(), "clientSeq"), body.attempt());
            r.json.respond(ctx, 200, r.engine.saveAnswer().saveAnswer(command));
        });
        r.action("/api/sessions/{sessionId}/heartbeat", ctx -> r.json.respond(ctx, 200,
                r.engine.heartbeat().heartbeat(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.get("/api/sessions/{sessionId}/status", ctx -> r.json.respond(ctx, 200,
                r.engine.checkExamStatus().checkExamStatus(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
        r.post("/api/sessions/{sessionId}/submit", ctx -> {
            var actor = r.actor(ctx);
            var sessionId = r.sessionId(ctx);
            SubmitBody body = r.optionalBody(ctx, SubmitBody.class);
            List<FinalAnswer> finals = body == null || body.finalAnswers() == null ? List.of()
                    : body.finalAnswers().stream().map(SessionRoutes::finalAnswer).toList();
            Integer attempt = body == null ? null : body.attempt();
            boolean timeUp = body != null && Boolean.TRUE.equals(body.timeUp());
            r.json.respond(ctx, 200, r.engine.submitExam().submitExam(new SubmitExamCommand(actor, sessionId, finals,
                    attempt, timeUp)));
        });
        r.get("/api/sessions/{sessionId}/result", ctx -> r.json.respond(ctx, 200,
                r.engine.getResult().getResult(new SessionCommand(r.actor(ctx), r.sessionId(ctx)))));
    }

    private static FinalAnswer finalAnswer(FinalAnswerBody a) {
        Require.notNull(a, "finalAnswers entry");
        return new FinalAnswer(QuestionId.of(Require.notNull(a.questionId(), "questionId")),
                a.optionId() == null ? null : OptionId.of(a.optionId()), Require.notNull(a.clientSeq(), "clientSeq"));
    }
}
