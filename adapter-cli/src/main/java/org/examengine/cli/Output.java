package org.examengine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.SessionId;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Machine-readable output: JSON with ISO-8601 instants, ids as strings and statuses in their JSON spelling. */
final class Output {

    static final ObjectMapper JSON = mapper();

    private Output() {
    }

    private static ObjectMapper mapper() {
        SimpleModule engine = new SimpleModule("exam-engine")
                .addSerializer(SessionStatus.class, new LabelSerializer<>(SessionStatus::label))
                .addSerializer(GroupStatus.class, new LabelSerializer<>(GroupStatus::label));
        for (Class<?> id : List.of(AssessmentId.class, PackageId.class, QuestionId.class, OptionId.class,
                ParticipantId.class, SessionId.class)) {
            engine.addSerializer(id, ToStringSerializer.instance);
        }
        return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(engine)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class LabelSerializer<T> extends JsonSerializer<T> {
        private final Function<T, String> label;

        LabelSerializer(Function<T, String> label) {
            this.label = label;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(label.apply(value));
        }
    }
}
