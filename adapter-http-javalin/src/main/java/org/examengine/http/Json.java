package org.examengine.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import io.javalin.http.Context;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.GroupStatus;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.participant.ParticipantId;
import org.examengine.domain.session.SessionStatus;
import org.examengine.domain.shared.ExamException;
import org.examengine.domain.shared.SessionId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JSON configuration of the adapter. Output: instants as ISO-8601 strings, identifiers as plain
 * strings, session and group statuses by their label ({@code InProgress}), records by their components.
 * Input is strict: unknown fields, numbers given as strings, fractions for integers and trailing content are
 * refused, and every refusal becomes {@code INVALID_INPUT} naming the field, never a 500.
 */
final class Json {

    private static final Logger LOG = LoggerFactory.getLogger(Json.class);

    private final ObjectMapper mapper;

    Json() {
        SimpleModule labels = new SimpleModule("exam-engine-labels");
        labels.addSerializer(SessionStatus.class, new LabelSerializer<>(SessionStatus::label));
        labels.addSerializer(GroupStatus.class, new LabelSerializer<>(GroupStatus::label));
        labels.addKeySerializer(SessionStatus.class, new KeyLabelSerializer<>(SessionStatus::label));
        for (Class<?> id : new Class<?>[] {SessionId.class, AssessmentId.class, QuestionId.class, OptionId.class,
            PackageId.class, ParticipantId.class}) {
            labels.addSerializer(id, ToStringSerializer.instance);
        }
        // After the time module, so that this serializer of instants is the one used, and these deserializers.
        labels.addSerializer(Instant.class, new IsoInstantSerializer());
        labels.addDeserializer(Instant.class, new TextOnly<>(Instant.class, InstantDeserializer.INSTANT));
        labels.addDeserializer(LocalDate.class, new TextOnly<>(LocalDate.class, LocalDateDeserializer.INSTANCE));
        mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(labels)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // Text fields take text only: a number or boolean where an id belongs is a client error, not an id.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // Bodies are already capped in bytes; this also caps nesting so a deep document cannot exhaust the stack.
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    /**
     * Dates and instants are read from text only: the time module would also take a number as seconds since 1970
     * and an array as a date's parts, so that {@code "opensAt": 1e300} would open an exam in 1970.
     */
    private static final class TextOnly<T> extends StdDeserializer<T> {
        private final JsonDeserializer<T> text;

        TextOnly(Class<T> type, JsonDeserializer<T> text) {
            super(type);
            this.text = text;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            return text.deserialize(p, ctxt);
        }
    }

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses a request body into {@code type}.
     *
     * @throws ExamException {@code INVALID_INPUT} for an empty, malformed or mistyped body
     */
    <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ExamException.invalid("a JSON body is required");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ExamException.invalid("a JSON object is required");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ExamException.invalid("unknown field '" + e.getPropertyName() + "'");
        } catch (InvalidFormatException e) {
            throw ExamException.invalid("field '" + path(e) + "' has an invalid value");
        } catch (MismatchedInputException e) {
            String field = path(e);
            throw ExamException.invalid(field.isEmpty() ? "the body must be a JSON object"
                    : "field '" + field + "' has the wrong type or is missing");
        } catch (JsonParseException e) {
            throw ExamException.invalid("malformed JSON");
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExamException exam) {
                throw exam;
            }
            String field = path(e);
            throw ExamException.invalid(field.isEmpty() ? "the body does not match the expected shape"
                    : "field '" + field + "' is not valid");
        } catch (IOException e) {
            throw ExamException.invalid("malformed JSON");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        // Field names come from the client: keep them short and printable in the problem detail.
        String text = out.toString().replaceAll("[^A-Za-z0-9_.\\[\\]]", "?");
        return text.length() > 100 ? text.substring(0, 100) : text;
    }

    /** The adapter between this configuration and Javalin's {@code ctx.json(...)}. */
    io.javalin.json.JsonMapper javalinMapper() {
        return new io.javalin.json.JsonMapper() {
            @Override
            public String toJsonString(Object obj, Type type) {
                return writeString(obj);
            }

            @Override
            public <T> T fromJsonString(String json, Type type) {
                throw new UnsupportedOperationException("request bodies are read through Json.read");
            }

            @Override
            public <T> T fromJsonStream(InputStream json, Type type) {
                throw new UnsupportedOperationException("request bodies are read through Json.read");
            }
        };
    }

    /** Writes {@code value} as the response body with the given JSON media type. */
    void respond(Context ctx, int status, String contentType, Object value) {
        send(ctx, status, contentType, write(value));
    }

    /**
     * Writes {@code body} straight to the response stream. Unlike {@code ctx.result(bytes)}, this does not copy
     * the body through a new 32 KB buffer per response, which was a quarter of the server's allocations under a
     * load of saves. A client that has gone away is not an error of the request.
     */
    static void send(Context ctx, int status, String contentType, byte[] body) {
        ctx.status(status).contentType(contentType);
        try {
            ctx.outputStream().write(body);
        } catch (IOException e) {
            LOG.debug("response to a client that has gone away dropped: {}", e.toString());
        }
    }

    void respond(Context ctx, int status, Object value) {
        respond(ctx, status, "application/json", value);
    }

    private static final class LabelSerializer<E> extends JsonSerializer<E> {
        private final java.util.function.Function<E, String> label;

        LabelSerializer(java.util.function.Function<E, String> label) {
            this.label = label;
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(label.apply(value));
        }
    }

    private static final class KeyLabelSerializer<E> extends JsonSerializer<E> {
        private final java.util.function.Function<E, String> label;

        KeyLabelSerializer(java.util.function.Function<E, String> label) {
            this.label = label;
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeFieldName(label.apply(value));
        }
    }
}
