package io.cxpulse.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Turns {@link Message}s into JSON text frames and back. Every frame carries the protocol version as {@code "v"}; a
 * frame of another major version, an unknown type, more than {@link #MAX_FRAME_CHARS} characters or with invalid
 * fields is refused with a {@link ProtocolException} that says why. Thread-safe.
 */
public final class WireCodec {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;
    /** Largest frame accepted, in characters: a full survey is well under 4 KiB. */
    public static final int MAX_FRAME_CHARS = 64 * 1024;

    // Every value must have its field's JSON type: Jackson would otherwise truncate 9.7 to 9, parse "9" as 9, read
    // 1 as true and an enum from its index.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Integer,
                    c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Boolean,
                    c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(
                    LogicalType.Textual,
                    c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Enum, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(MAX_FRAME_CHARS)
                        .build());
    }

    private WireCodec() {}

    /** The JSON text of a message, version included. */
    public static String encode(Message message) {
        ObjectNode node = MAPPER.valueToTree(message);
        ObjectNode framed = MAPPER.createObjectNode();
        framed.put("v", VERSION);
        framed.setAll(node);
        try {
            return MAPPER.writeValueAsString(framed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Parses and validates one frame. */
    public static Message decode(String frame) throws ProtocolException {
        if (frame == null || frame.isBlank()) {
            throw new ProtocolException("empty frame");
        }
        if (frame.length() > MAX_FRAME_CHARS) {
            throw new ProtocolException("frame of " + frame.length() + " characters is larger than " + MAX_FRAME_CHARS);
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ProtocolException("frame is not a JSON object");
        }
        JsonNode v = object.remove("v");
        if (v == null) {
            throw new ProtocolException("frame has no protocol version \"v\"");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new ProtocolException("protocol version \"v\" must be an integer, got " + v);
        }
        if (v.intValue() != VERSION) {
            throw new ProtocolException(
                    "protocol version " + v.asText() + " is not supported; this side speaks " + VERSION);
        }
        if (!object.path("type").isTextual()) {
            throw new ProtocolException("frame has no \"type\"");
        }
        if ("call".equals(object.path("type").asText()) && !object.has("endedBy")) {
            object.putNull("endedBy"); // added in a later build of version 1: optional
        }
        if ("survey".equals(object.path("type").asText())) {
            // Which survey was asked: added in a later build of version 1, optional.
            if (!object.has("surveyId")) {
                object.putNull("surveyId");
            }
            if (!object.has("version")) {
                object.putNull("version");
            }
        }
        try {
            return MAPPER.treeToValue(object, Message.class);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException("unknown message type \"" + e.getTypeId() + "\"", e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ProtocolException(
                    "invalid " + object.path("type").asText() + " message: " + cause.getMessage(), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            throw new ProtocolException("invalid " + object.path("type").asText() + " message: " + detail, e);
        }
    }
}
