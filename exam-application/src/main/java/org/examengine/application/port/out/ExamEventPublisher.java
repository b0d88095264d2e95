package org.examengine.application.port.out;

/**
 * Where committed changes go for live push. Called after the transaction committed, on the thread of the
 * use case, or for saves that committed together on the thread that ran their transaction: implementations hand
 * the event off quickly (other workers' saves may wait for it), never throw back into the use case, and take
 * nothing from the calling thread's context.
 */
public interface ExamEventPublisher {

    void publish(ExamEvent event);

    /** A publisher that drops every event. */
    static ExamEventPublisher none() {
        return event -> { };
    }
}
