package org.examengine.application.port.out;

/**
 * A storage adapter: the repositories of every aggregate and the transaction boundary they share.
 * Implemented by the in-memory adapter and by every database adapter, and verified by the port
 * contract suite.
 */
public interface ExamStorage {

    AssessmentRepository assessments();

    PackageRepository packages();

    ParticipantRepository participants();

    SessionRepository sessions();

    ResponseRepository responses();

    AttemptHistoryRepository history();

    AuditLog audit();

    TransactionRunner transactions();
}
