package org.examengine.application.port.out;

/**
 * Where committed changes go for live push. Called after the transaction committed, on the thread of the
 * use case: implementations hand the event off quickly and never throw back into the use case.
 */
public interface ExamEventPublisher {

    void publish(ExamEvent event);

    /** A publisher that drops every event. */
    static ExamEventPublisher none() {
        return event -> { };
    }
}
