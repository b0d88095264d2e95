package org.examengine.application.port.out;

import java.util.List;

import org.examengine.domain.session.AttemptRecord;
import org.examengine.domain.shared.SessionId;

/** Append-only storage of previous attempts. Nothing is ever updated or deleted. */
public interface AttemptHistoryRepository {

    void append(AttemptRecord attempt);

    /** The session's previous attempts, oldest first, each with its responses. */
    List<AttemptRecord> findBySession(SessionId sessionId);
}
