package org.examengine.loadtest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The saves the server acknowledged (answered 2xx): for each session and question the highest {@code clientSeq}
 * acknowledged. The audit checks that the database holds at least that sequence for each of them.
 */
final class Acknowledgements {

    private final Map<String, AtomicLongArray> bySession = new ConcurrentHashMap<>();
    private final int maxQuestions;

    Acknowledgements(int maxQuestions) {
        this.maxQuestions = maxQuestions;
    }

    /** Records an acknowledged save of question {@code question} (1-based). */
    void acknowledged(String sessionId, int question, long clientSeq) {
        bySession.computeIfAbsent(sessionId, k -> new AtomicLongArray(maxQuestions + 1))
                .accumulateAndGet(question, clientSeq, Math::max);
    }

    /** Calls {@code visitor} with every acknowledged (session, question, highest clientSeq). */
    void forEach(Visitor visitor) {
        bySession.forEach((session, seqs) -> {
            for (int q = 1; q < seqs.length(); q++) {
                long seq = seqs.get(q);
                if (seq > 0) {
                    visitor.visit(session, q, seq);
                }
            }
        });
    }

    /** Receives one acknowledged save. */
    interface Visitor {
        void visit(String sessionId, int question, long clientSeq);
    }
}
