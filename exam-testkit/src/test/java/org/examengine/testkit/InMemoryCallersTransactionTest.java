package org.examengine.testkit;

import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.CallersTransactionContract;

class InMemoryCallersTransactionTest extends CallersTransactionContract {

    @Override
    protected ExamStorage createStorage() {
        return new InMemoryExamStorage();
    }
}
