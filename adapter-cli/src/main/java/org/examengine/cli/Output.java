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
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * JSON as the server speaks it: ISO-8601 instants, ids as strings, statuses by their label ({@code InProgress},
 * {@code Open}). Used for the CLI's {@code --json} output and to read the server's answers back into the
 * engine's records.
 */
final class Output {

    static final ObjectMapper JSON = mapper();

    private Output() {
    }

    private static ObjectMapper mapper() {
        SimpleModule engine = new SimpleModule("exam-engine")
                .addSerializer(SessionStatus.class, new LabelSerializer<>(SessionStatus::label))
                .addSerializer(GroupStatus.class, new LabelSerializer<>(GroupStatus::label))
                .addKeySerializer(SessionStatus.class, new KeyLabelSerializer<>(SessionStatus::label))
                .addDeserializer(SessionStatus.class, new TextDeserializer<>(SessionStatus::parse))
                .addDeserializer(GroupStatus.class, new TextDeserializer<>(Output::groupStatus))
                .addKeyDeserializer(SessionStatus.class, new KeyDeserializer() {
                    @Override
                    public Object deserializeKey(String key, DeserializationContext ctxt) {
                        return SessionStatus.parse(key);
                    }
                });
        id(engine, AssessmentId.class, AssessmentId::of);
        id(engine, PackageId.class, PackageId::of);
        id(engine, QuestionId.class, QuestionId::of);
        id(engine, OptionId.class, OptionId::of);
        id(engine, ParticipantId.class, ParticipantId::of);
        id(engine, SessionId.class, SessionId::of);
        return new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(engine)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static <T> void id(SimpleModule module, Class<T> type, Function<String, T> parse) {
        module.addSerializer(type, ToStringSerializer.instance);
        module.addDeserializer(type, new TextDeserializer<>(parse));
    }

    static GroupStatus groupStatus(String text) {
        for (GroupStatus s : GroupStatus.values()) {
            if (s.label().equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw ExamException.invalid("unknown group status: " + text);
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

    private static final class KeyLabelSerializer<T> extends JsonSerializer<T> {
        private final Function<T, String> label;

        KeyLabelSerializer(Function<T, String> label) {
            this.label = label;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeFieldName(label.apply(value));
        }
    }

    private static final class TextDeserializer<T> extends JsonDeserializer<T> {
        private final Function<String, T> parse;

        TextDeserializer(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return parse.apply(p.getValueAsString());
        }
    }
}
