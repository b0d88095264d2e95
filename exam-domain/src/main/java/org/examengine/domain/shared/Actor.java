package org.examengine.domain.shared;

/**
 * An authenticated caller. For a {@link Role#WORKER} the id is the participant id, so ownership of a
 * session is {@code session.participantId().value().equals(actor.id())}.
 *
 * @param id   never blank
 * @param role never null
 */
public record Actor(String id, Role role) {

    /** The engine acting on its own (sweeper, lazy expiry). */
    public static final Actor SYSTEM = new Actor("system", Role.SYSTEM);

    public Actor {
        Require.text(id, "actor id", 200);
        Require.notNull(role, "actor role");
    }

    public static Actor worker(String participantId) {
        return new Actor(participantId, Role.WORKER);
    }

    public static Actor hc(String id) {
        return new Actor(id, Role.HC);
    }

    public static Actor admin(String id) {
        return new Actor(id, Role.ADMIN);
    }
}
