package org.examengine.testkit;

import org.examengine.application.inmemory.InMemoryExamStorage;
import org.examengine.application.port.out.ExamStorage;
import org.examengine.testkit.contract.ExamStorageContract;

class InMemoryStorageContractTest extends ExamStorageContract {

    @Override
    protected ExamStorage createStorage() {
        return new InMemoryExamStorage();
    }
}
