package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.examengine.domain.response.Response;
import org.examengine.domain.session.ExamSession;
import org.examengine.domain.shared.SessionId;

/**
 * Puts back into the database what a {@link SaveJournal} holds and the database file lacks, when an H2 database
 * is opened after its process ended without writing the file (killed, or the machine stopped).
 *
 * <p>Each entry records, per session, the version it found the session at and the session as it left it. From the
 * stored version, a session's entries are applied as a chain, each one starting where the one before left it:
 * their responses, then the session as the last left it. Entries older than the stored version are in the file
 * already. A gap in the chain is a write that was not journaled and is not in the file (it was never
 * acknowledged, since a journaled commit after it waits for it to be in the file): the chain stops there, so the
 * entries after the gap, which were not acknowledged either, are not applied on top of a state they did not build
 * on.
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
        // Each session's steps by the version they start from: one per version, as each journaled commit started
        // from the version the one before it left.
        Map<SessionId, Map<Long, Step>> steps = new LinkedHashMap<>();
        for (SaveJournal.Entry entry : entries) {
            Map<SessionId, List<Response>> bySession = new HashMap<>();
            for (Response r : entry.responses()) {
                bySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r);
            }
            for (SaveJournal.SessionWrite w : entry.sessions()) {
                ExamSession s = w.stored();
                steps.computeIfAbsent(s.id(), k -> new HashMap<>())
                        .put(w.fromVersion(), new Step(s, bySession.getOrDefault(s.id(), List.of())));
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
                    Map<Long, Step> byStart = steps.get(id);
                    Step last = null;
                    for (Step step = byStart.get(current.version()); step != null;
                         step = byStart.get(step.session().version())) {
                        responses.addAll(step.responses());
                        last = step;
                    }
                    if (last != null) {
                        restore.add(last.session());
                    }
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
