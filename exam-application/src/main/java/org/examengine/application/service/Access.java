package org.examengine.application.service;

import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.Role;

/**
 * Who may do what, checked in the application layer so that every driving adapter gets the same rules.
 * A worker asking for another worker's session is told it does not exist, never that it is forbidden.
 */
enum Access {
    /** Only the worker who owns the session (taking the exam). */
    OWNER {
        @Override
        void checkRole(Actor actor) {
            if (actor.role() != Role.WORKER) {
                throw new ExamException(ErrorCode.FORBIDDEN, "only the worker can take the exam");
            }
        }

        @Override
        void check(Actor actor, ExamSession session) {
            checkRole(actor);
            requireOwned(actor, session);
        }
    },
    /** The owning worker, or staff (results). */
    OWNER_OR_STAFF {
        @Override
        void check(Actor actor, ExamSession session) {
            if (actor.role() == Role.WORKER) {
                requireOwned(actor, session);
            }
        }
    },
    /** HC, ADMIN or the engine itself (session actions, monitoring). */
    STAFF {
        @Override
        void checkRole(Actor actor) {
            requireStaff(actor);
        }

        @Override
        void check(Actor actor, ExamSession session) {
            requireStaff(actor);
        }
    };

    /**
     * The part of the rule that needs no session, checked before the session is read: a caller whose role may
     * never do this learns nothing of which sessions exist, as it is refused alike for every id.
     */
    void checkRole(Actor actor) {
    }

    /** The whole rule, once the session is read. */
    abstract void check(Actor actor, ExamSession session);

    static void requireStaff(Actor actor) {
        if (!actor.role().isStaff()) {
            throw new ExamException(ErrorCode.FORBIDDEN, "this needs the HC or ADMIN role");
        }
    }

    static void requireAdmin(Actor actor) {
        if (!actor.role().mayAdminister()) {
            throw new ExamException(ErrorCode.FORBIDDEN, "this needs the ADMIN role");
        }
    }

    private static void requireOwned(Actor actor, ExamSession session) {
        if (!session.participantId().value().equals(actor.id())) {
            throw new ExamException(ErrorCode.SESSION_NOT_FOUND, "session " + session.id() + " not found");
        }
    }
}
