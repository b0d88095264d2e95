package org.examengine.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ProtocolException;

import org.junit.jupiter.api.Test;

class WatcherErrorsNameTheirCauseTest {

    @Test
    void aProtocolExceptionWithoutMessageIsReportedWithWhatCausedIt() {
        Throwable refused = new ProtocolException().initCause(new IOException("Unexpected frame TEXT"));

        assertThat(ExamDay.withCauses(refused))
                .isEqualTo("java.net.ProtocolException, caused by java.io.IOException: Unexpected frame TEXT");
        assertThat(ExamDay.withCauses(new IOException("closed"))).isEqualTo("java.io.IOException: closed");
    }
}
