package io.cxpulse.protocol;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns {@link Message}s into JSON text frames and back. Every frame carries the protocol version as {@code "v"}; a
 * frame of another major version, an unknown type, more than {@link #MAX_FRAME_CHARS} characters or with invalid
 * fields is refused with a {@link ProtocolException} that says why. Thread-safe.
 *
 * <p>Each message's fields are written and read here by name, on {@link Json}: every field must be present (except a
 * call's {@code endedBy} and a survey's {@code surveyId} and {@code version}, the {@code callerHash} of both and a
 * program's {@code callerSalt}, added later in version 1) and have its
 * JSON type, so a number is never rounded, truncated or read from a string, a
 * boolean never from a number and an enum never from its index; fields this side does not know are ignored.
 */
public final class WireCodec {
    /** The protocol version this build speaks. */
    public static final int VERSION = 1;
    /** Largest frame accepted, in characters: a full survey is well under 4 KiB. */
    public static final int MAX_FRAME_CHARS = 64 * 1024;

    private static final int MAX_DEPTH = 16;

    private WireCodec() {}

    /** The JSON text of a message, version included. */
    public static String encode(Message message) {
        Writer w = new Writer();
        w.out.append("{\"v\":").append(VERSION);
        if (message instanceof Hello m) {
            w.type("hello")
                    .text("agentId", m.agentId())
                    .text("token", m.token())
                    .text("software", m.software());
        } else if (message instanceof Welcome m) {
            w.type("welcome")
                    .text("agentId", m.agentId())
                    .text("displayName", m.displayName())
                    .number("serverTimeMs", m.serverTimeMs());
        } else if (message instanceof CallRecord m) {
            w.type("call")
                    .text("eventId", m.eventId())
                    .text("agentId", m.agentId())
                    .text("callId", m.callId())
                    .number("startMs", m.startMs())
                    .number("endMs", m.endMs())
                    .number("talkMs", m.talkMs())
                    .number("muteMs", m.muteMs())
                    .number("muteCount", m.muteCount())
                    .number("longestMuteMs", m.longestMuteMs())
                    .number("holdMs", m.holdMs())
                    .bool("surveyOffered", m.surveyOffered());
            if (m.endedBy() != null) {
                w.text("endedBy", m.endedBy().wire());
            }
            if (m.callerHash() != null) {
                w.text("callerHash", m.callerHash());
            }
        } else if (message instanceof SurveyResult m) {
            w.type("survey")
                    .text("eventId", m.eventId())
                    .text("agentId", m.agentId())
                    .text("callId", m.callId())
                    .text("language", m.language())
                    .number("startMs", m.startMs())
                    .number("endMs", m.endMs())
                    .text("status", m.status().wire())
                    .answers("answers", m.answers())
                    .text("surveyId", m.surveyId())
                    .integer("version", m.version());
            if (m.callerHash() != null) {
                w.text("callerHash", m.callerHash());
            }
        } else if (message instanceof Ack m) {
            w.type("ack").name("eventIds").out.append('[');
            for (int i = 0; i < m.eventIds().size(); i++) {
                if (i > 0) {
                    w.out.append(',');
                }
                Json.string(w.out, m.eventIds().get(i));
            }
            w.out.append(']');
        } else if (message instanceof ErrorMessage m) {
            w.type("error").text("code", m.code()).text("message", m.message()).text("eventId", m.eventId());
        } else if (message instanceof AgentScores m) {
            w.type("scores").text("agentId", m.agentId()).number("asOfMs", m.asOfMs());
            w.period("today", m.today()).period("week", m.week());
            w.name("recent").out.append('[');
            for (int i = 0; i < m.recent().size(); i++) {
                AgentScores.Recent r = m.recent().get(i);
                w.out.append(i > 0 ? ",{" : "{");
                w.first = true;
                w.number("endMs", r.endMs()).answers("answers", r.answers());
                w.out.append('}');
            }
            w.out.append(']');
        } else if (message instanceof ScoresSubscribe) {
            w.type("scores-subscribe");
        } else if (message instanceof SurveyProgram m) {
            w.type("survey-program").text("programId", m.programId()).number("version", m.version());
            Json.write(w.name("survey").out, m.survey());
            SurveyProgram.Audience a = m.audience();
            w.name("audience").out.append('{');
            w.first = true;
            w.integer("minTalkMs", a.minTalkMs())
                    .number("samplePercent", a.samplePercent())
                    .number("repeatDays", a.repeatDays());
            w.out.append('}');
            w.first = false;
            if (m.callerSalt() != null) {
                w.text("callerSalt", m.callerSalt());
            }
        } else if (message instanceof SurveyProgramReady m) {
            w.type("survey-program-ready").text("programId", m.programId()).number("version", m.version());
        } else if (message instanceof CallerCheck m) {
            w.type("caller-check")
                    .text("agentId", m.agentId())
                    .text("callId", m.callId())
                    .text("callerHash", m.callerHash())
                    .number("withinDays", m.withinDays());
        } else if (message instanceof CallerCheckAnswer m) {
            w.type("caller-check-answer").text("callId", m.callId()).bool("surveyedRecently", m.surveyedRecently());
        } else {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName());
        }
        return w.out.append('}').toString();
    }

    /**
     * Parses and validates one frame. Calls and surveys in their plain form are read straight into their records
     * ({@link FlatEvents}); every other frame, valid or not, is read through the JSON tree, with the same outcome.
     */
    public static Message decode(String frame) throws ProtocolException {
        if (frame != null && frame.length() <= MAX_FRAME_CHARS) {
            Message event = FlatEvents.read(frame);
            if (event != null) {
                return event;
            }
        }
        return decodeTree(frame);
    }

    /** Parses and validates one frame through the JSON tree: any frame, with the reason when it is refused. */
    static Message decodeTree(String frame) throws ProtocolException {
        if (frame == null || frame.isBlank()) {
            throw new ProtocolException("empty frame");
        }
        if (frame.length() > MAX_FRAME_CHARS) {
            throw new ProtocolException("frame of " + frame.length() + " characters is larger than " + MAX_FRAME_CHARS);
        }
        Object tree;
        try {
            tree = Json.parse(frame, MAX_DEPTH);
        } catch (Json.SyntaxException e) {
            throw new ProtocolException("not JSON: " + e.getMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new ProtocolException("frame is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        if (!object.containsKey("v")) {
            throw new ProtocolException("frame has no protocol version \"v\"");
        }
        Object v = object.get("v");
        if (!(v instanceof Long n) || n != (int) (long) n) {
            throw new ProtocolException("protocol version \"v\" must be an integer, got " + Json.write(v));
        }
        if (n != VERSION) {
            throw new ProtocolException("protocol version " + n + " is not supported; this side speaks " + VERSION);
        }
        if (!(object.get("type") instanceof String type)) {
            throw new ProtocolException("frame has no \"type\"");
        }
        Fields f = new Fields(object, "");
        try {
            return switch (type) {
                case "hello" -> new Hello(f.text("agentId"), f.text("token"), f.text("software"));
                case "welcome" -> new Welcome(f.text("agentId"), f.text("displayName"), f.int64("serverTimeMs"));
                case "call" ->
                    new CallRecord(
                            f.text("eventId"),
                            f.text("agentId"),
                            f.text("callId"),
                            f.int64("startMs"),
                            f.int64("endMs"),
                            f.int64("talkMs"),
                            f.int64("muteMs"),
                            f.int32("muteCount"),
                            f.int64("longestMuteMs"),
                            f.int64("holdMs"),
                            f.bool("surveyOffered"),
                            object.containsKey("endedBy") ? endedBy(f.text("endedBy")) : null,
                            object.containsKey("callerHash") ? f.text("callerHash") : null);
                case "survey" ->
                    new SurveyResult(
                            f.text("eventId"),
                            f.text("agentId"),
                            f.text("callId"),
                            f.text("language"),
                            f.int64("startMs"),
                            f.int64("endMs"),
                            f.choice("status", SurveyStatus.values()),
                            answers(f, "answers"),
                            // Which survey was asked: added in a later build of version 1, optional.
                            object.containsKey("surveyId") ? f.text("surveyId") : null,
                            object.containsKey("version") ? f.int32OrNull("version") : null,
                            object.containsKey("callerHash") ? f.text("callerHash") : null);
                case "ack" -> new Ack(f.texts("eventIds"));
                case "error" -> new ErrorMessage(f.text("code"), f.text("message"), f.text("eventId"));
                case "scores" -> scores(f);
                case "scores-subscribe" -> new ScoresSubscribe();
                case "survey-program" ->
                    new SurveyProgram(
                            f.text("programId"),
                            f.int32("version"),
                            f.tree("survey"),
                            audience(f),
                            object.containsKey("callerSalt") ? f.text("callerSalt") : null);
                case "survey-program-ready" -> new SurveyProgramReady(f.text("programId"), f.int32("version"));
                case "caller-check" ->
                    new CallerCheck(f.text("agentId"), f.text("callId"), f.text("callerHash"), f.int32("withinDays"));
                case "caller-check-answer" -> new CallerCheckAnswer(f.text("callId"), f.bool("surveyedRecently"));
                default -> throw new ProtocolException("unknown message type \"" + type + "\"");
            };
        } catch (Invalid e) {
            throw new ProtocolException("invalid " + type + " message: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("invalid " + type + " message: " + e.getMessage(), e);
        } catch (NullPointerException e) {
            // A record's list copy refuses null elements.
            throw new ProtocolException("invalid " + type + " message: a list holds null", e);
        }
    }

    private static EndedBy endedBy(String wire) {
        return wire == null ? null : EndedBy.ofWire(wire);
    }

    private static AgentScores scores(Fields f) throws Invalid {
        List<AgentScores.Recent> recent = null;
        List<Object> items = f.list("recent");
        if (items != null) {
            recent = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Fields r = f.element("recent", i, items.get(i));
                recent.add(r == null ? null : new AgentScores.Recent(r.int64("endMs"), answers(r, "answers")));
            }
        }
        return new AgentScores(f.text("agentId"), f.int64("asOfMs"), period(f, "today"), period(f, "week"), recent);
    }

    private static SurveyProgram.Audience audience(Fields f) throws Invalid {
        Fields a = f.object("audience");
        return a == null
                ? null
                : new SurveyProgram.Audience(
                        a.int64OrNull("minTalkMs"), a.int32("samplePercent"), a.int32("repeatDays"));
    }

    private static AgentScores.Period period(Fields f, String name) throws Invalid {
        Fields p = f.object(name);
        return p == null
                ? null
                : new AgentScores.Period(
                        p.int32("npsResponses"),
                        p.decimal("nps"),
                        p.decimal("npsMargin"),
                        p.int32("csatResponses"),
                        p.decimal("csat"));
    }

    private static List<Answer> answers(Fields f, String name) throws Invalid {
        List<Object> items = f.list(name);
        if (items == null) {
            return null;
        }
        List<Answer> answers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Fields a = f.element(name, i, items.get(i));
            answers.add(
                    a == null
                            ? null
                            : new Answer(
                                    a.text("questionId"),
                                    a.choice("kind", QuestionKind.values()),
                                    a.choice("outcome", AnswerOutcome.values()),
                                    a.int32OrNull("value"),
                                    a.int64("answerMs")));
        }
        return answers;
    }

    /** A field that is missing or of the wrong JSON type. */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /** One JSON object's fields, read strictly by their record types. */
    private static final class Fields {
        private final Map<String, Object> object;
        private final String path;

        Fields(Map<String, Object> object, String path) {
            this.object = object;
            this.path = path;
        }

        private Object get(String name) throws Invalid {
            Object value = object.get(name);
            if (value == null && !object.containsKey(name)) {
                throw new Invalid(path + name + " is missing");
            }
            return value;
        }

        private Invalid wrong(String name, String expected, Object value) {
            return new Invalid(path + name + " must be " + expected + ", got " + Json.write(value));
        }

        String text(String name) throws Invalid {
            Object value = get(name);
            if (value == null || value instanceof String) {
                return (String) value;
            }
            throw wrong(name, "a string", value);
        }

        long int64(String name) throws Invalid {
            Object value = get(name);
            if (value instanceof Long n) {
                return n;
            }
            throw wrong(name, "an integer of at most 64 bits", value);
        }

        Long int64OrNull(String name) throws Invalid {
            Object value = get(name);
            if (value == null || value instanceof Long) {
                return (Long) value;
            }
            throw wrong(name, "an integer of at most 64 bits", value);
        }

        int int32(String name) throws Invalid {
            Integer n = int32OrNull(name);
            if (n == null) {
                throw wrong(name, "an integer of at most 32 bits", null);
            }
            return n;
        }

        Integer int32OrNull(String name) throws Invalid {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Long n && n == (int) (long) n) {
                return (int) (long) n;
            }
            throw wrong(name, "an integer of at most 32 bits", value);
        }

        Double decimal(String name) throws Invalid {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof Double d) {
                return d;
            }
            if (value instanceof Long n) {
                return (double) n;
            }
            if (value instanceof BigInteger b) {
                return b.doubleValue();
            }
            throw wrong(name, "a number", value);
        }

        boolean bool(String name) throws Invalid {
            Object value = get(name);
            if (value instanceof Boolean b) {
                return b;
            }
            throw wrong(name, "true or false", value);
        }

        <E extends Enum<E>> E choice(String name, E[] choices) throws Invalid {
            Object value = get(name);
            if (value == null) {
                return null;
            }
            if (value instanceof String s) {
                String trimmed = s.trim(); // spaces around the name are tolerated, as they always were
                for (E e : choices) {
                    if (wire(e).equals(trimmed)) {
                        return e;
                    }
                }
            }
            StringBuilder names = new StringBuilder();
            for (E e : choices) {
                names.append(names.length() == 0 ? "" : ", ").append(wire(e));
            }
            throw wrong(name, "one of " + names, value);
        }

        List<String> texts(String name) throws Invalid {
            List<Object> items = list(name);
            if (items == null) {
                return null;
            }
            List<String> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                if (item != null && !(item instanceof String)) {
                    throw wrong(name + "[" + i + "]", "a string", item);
                }
                out.add((String) item);
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String name) throws Invalid {
            Object value = get(name);
            if (value == null || value instanceof List<?>) {
                return (List<Object>) value;
            }
            throw wrong(name, "an array", value);
        }

        /** A JSON object as {@link Json} read it, kept whole. */
        @SuppressWarnings("unchecked")
        Map<String, Object> tree(String name) throws Invalid {
            Object value = get(name);
            if (value == null || value instanceof Map<?, ?>) {
                return (Map<String, Object>) value;
            }
            throw wrong(name, "an object", value);
        }

        Fields object(String name) throws Invalid {
            return fields(name, get(name));
        }

        Fields element(String name, int index, Object item) throws Invalid {
            return fields(name + "[" + index + "]", item);
        }

        @SuppressWarnings("unchecked")
        private Fields fields(String name, Object value) throws Invalid {
            if (value == null) {
                return null;
            }
            if (value instanceof Map<?, ?> map) {
                return new Fields((Map<String, Object>) map, path + name + ".");
            }
            throw wrong(name, "an object", value);
        }

        private static String wire(Enum<?> e) {
            if (e instanceof QuestionKind k) {
                return k.wire();
            }
            if (e instanceof AnswerOutcome o) {
                return o.wire();
            }
            return ((SurveyStatus) e).wire();
        }
    }

    /** Appends a message's fields in their record order. */
    private static final class Writer {
        final StringBuilder out = new StringBuilder(128);
        boolean first;

        Writer type(String type) {
            out.append(",\"type\":");
            Json.string(out, type);
            return this;
        }

        Writer name(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.string(out, name);
            out.append(':');
            return this;
        }

        Writer text(String name, String value) {
            name(name);
            if (value == null) {
                out.append("null");
            } else {
                Json.string(out, value);
            }
            return this;
        }

        Writer number(String name, long value) {
            name(name).out.append(value);
            return this;
        }

        Writer integer(String name, Number value) {
            name(name).out.append(value == null ? "null" : value.toString());
            return this;
        }

        Writer decimal(String name, Double value) {
            name(name);
            Json.write(out, value);
            return this;
        }

        Writer bool(String name, boolean value) {
            name(name).out.append(value);
            return this;
        }

        Writer period(String name, AgentScores.Period p) {
            name(name).out.append('{');
            first = true;
            number("npsResponses", p.npsResponses())
                    .decimal("nps", p.nps())
                    .decimal("npsMargin", p.npsMargin())
                    .number("csatResponses", p.csatResponses())
                    .decimal("csat", p.csat());
            out.append('}');
            first = false;
            return this;
        }

        Writer answers(String name, List<Answer> answers) {
            name(name).out.append('[');
            for (int i = 0; i < answers.size(); i++) {
                Answer a = answers.get(i);
                out.append(i > 0 ? ",{" : "{");
                first = true;
                text("questionId", a.questionId())
                        .text("kind", a.kind().wire())
                        .text("outcome", a.outcome().wire());
                name("value");
                out.append(a.value() == null ? "null" : a.value().toString());
                number("answerMs", a.answerMs());
                out.append('}');
            }
            out.append(']');
            first = false;
            return this;
        }
    }
}
