package org.examengine.testkit;

import org.examengine.application.inmemory.InMemoryTokenStore;
import org.examengine.application.port.out.TokenStore;
import org.examengine.testkit.contract.TokenStoreContract;

class InMemoryTokenStoreContractTest extends TokenStoreContract {

    @Override
    protected TokenStore createTokenStore() {
        return new InMemoryTokenStore();
    }
}
