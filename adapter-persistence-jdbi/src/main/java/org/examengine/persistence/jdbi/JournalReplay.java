package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;

/**
 * Puts back into the database what a {@link SaveJournal} holds and the database file lacks, when an H2 database
 * is opened after its process ended without writing the file (killed, or the machine stopped).
 *
 * <p>Each session's entries are ordered by the version they left it at, which is the order of their commits.
 * Those newer than the stored session are applied in that order, their responses first, then the session as the
 * newest left it; those as old as the stored session or older are in the file already. Every write that removes
 * responses (a reset) also writes the session, and is never journaled, so a stored version that passed an entry's
 * version means the file holds that entry and everything before it.
 */
final class JournalReplay {

    private static final int READ_CHUNK = 512;

    /** One journaled commit's effect on one session: the session as it left it, and its responses to it. */
    private record Step(ExamSession session, List<Response> responses) {
    }

    private JournalReplay() {
    }

    /**
     * Applies {@code entries} (read from the journal, in their order) in one transaction.
     *
     * @return how many sessions were behind the journal and were brought up to it
     */
    static int replay(JdbiExamStorage storage, JdbiSessionRepository sessions, List<SaveJournal.Entry> entries) {
        Map<SessionId, NavigableMap<Long, Step>> steps = new LinkedHashMap<>();
        for (SaveJournal.Entry entry : entries) {
            Map<SessionId, List<Response>> bySession = new HashMap<>();
            for (Response r : entry.responses()) {
                bySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r);
            }
            for (ExamSession s : entry.sessions()) {
                steps.computeIfAbsent(s.id(), k -> new TreeMap<>())
                        .put(s.version(), new Step(s, bySession.getOrDefault(s.id(), List.of())));
            }
        }
        if (steps.isEmpty()) {
            return 0;
        }
        return storage.transactions().inTransaction(() -> {
            List<SessionId> ids = new ArrayList<>(steps.keySet());
            List<ExamSession> restore = new ArrayList<>();
            List<Response> responses = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += READ_CHUNK) {
                List<SessionId> chunk = ids.subList(from, Math.min(ids.size(), from + READ_CHUNK));
                Map<SessionId, ExamSession> stored = storage.sessions().findAllById(chunk);
                for (SessionId id : chunk) {
                    ExamSession current = stored.get(id);
                    if (current == null) {
                        continue;
                    }
                    NavigableMap<Long, Step> behind = steps.get(id).tailMap(current.version(), false);
                    if (behind.isEmpty()) {
                        continue;
                    }
                    behind.values().forEach(step -> responses.addAll(step.responses()));
                    restore.add(behind.lastEntry().getValue().session());
                }
            }
            // One response per key and batch: the later of two to the same question is the newer.
            Map<List<String>, Response> latest = new LinkedHashMap<>();
            for (Response r : responses) {
                latest.remove(List.of(r.sessionId().value(), r.questionId().value()));
                latest.put(List.of(r.sessionId().value(), r.questionId().value()), r);
            }
            if (!latest.isEmpty()) {
                storage.responses().upsertAll(new ArrayList<>(latest.values()));
            }
            return sessions.restore(restore);
        });
    }
}
