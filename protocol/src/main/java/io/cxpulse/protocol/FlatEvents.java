package io.cxpulse.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads call and survey frames straight into their records, without building the JSON tree first: agents send them
 * one by one and imports hold them by the million. Only their plain form is read here: one object of string,
 * integer, {@code true}, {@code false} and {@code null} fields, the survey's answers an array of such objects,
 * strings without escapes, each known field once. Anything else (another message type, an escape, a fraction or an
 * exponent, a nested value where none belongs, a field missing, repeated or of the wrong type, a value its record
 * refuses) makes {@link #read} return null, and {@link WireCodec} reads the frame through the tree, which accepts or
 * refuses it with its reason. Whatever this returns is what the tree gives for the same frame.
 */
final class FlatEvents {
    /** Not read here; the tree decides. Thrown without a stack trace: it is part of the normal flow. */
    private static final class NotFlat extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFlat() {
            super(null, null, false, false);
        }
    }

    private static final NotFlat NOT_FLAT = new NotFlat();

    // The known fields, as bits of the set of fields seen.
    private static final int V = 0;
    private static final int TYPE = 1;
    private static final int EVENT_ID = 2;
    private static final int AGENT_ID = 3;
    private static final int CALL_ID = 4;
    private static final int LANGUAGE = 5;
    private static final int START_MS = 6;
    private static final int END_MS = 7;
    private static final int TALK_MS = 8;
    private static final int MUTE_MS = 9;
    private static final int MUTE_COUNT = 10;
    private static final int LONGEST_MUTE_MS = 11;
    private static final int HOLD_MS = 12;
    private static final int SURVEY_OFFERED = 13;
    private static final int ENDED_BY = 14;
    private static final int STATUS = 15;
    private static final int ANSWERS = 16;
    private static final int SURVEY_ID = 17;
    private static final int VERSION = 18;
    private static final int CALLER_HASH = 19;
    private static final String[] NAMES = {
        "v",
        "type",
        "eventId",
        "agentId",
        "callId",
        "language",
        "startMs",
        "endMs",
        "talkMs",
        "muteMs",
        "muteCount",
        "longestMuteMs",
        "holdMs",
        "surveyOffered",
        "endedBy",
        "status",
        "answers",
        "surveyId",
        "version",
        "callerHash"
    };

    // An answer's fields.
    private static final int QUESTION_ID = 0;
    private static final int KIND = 1;
    private static final int OUTCOME = 2;
    private static final int VALUE = 3;
    private static final int ANSWER_MS = 4;
    private static final String[] ANSWER_NAMES = {"questionId", "kind", "outcome", "value", "answerMs"};

    private static final QuestionKind[] KINDS = QuestionKind.values();
    private static final AnswerOutcome[] OUTCOMES = AnswerOutcome.values();
    private static final SurveyStatus[] STATUSES = SurveyStatus.values();

    // What the last scalar read was.
    private static final int STRING = 1;
    private static final int INTEGER = 2;
    private static final int TRUE = 3;
    private static final int FALSE = 4;
    private static final int NULL = 5;

    private final String text;
    private int pos;
    private int kind;
    private String string;
    private long integer;

    private final String[] strings = new String[NAMES.length];
    private final long[] integers = new long[NAMES.length];
    private final boolean[] nulls = new boolean[NAMES.length];
    private List<Answer> answers;

    private FlatEvents(String text) {
        this.text = text;
    }

    /** The call or survey {@code frame} holds, or null when the frame is not plain enough to be read here. */
    static Message read(String frame) {
        try {
            return new FlatEvents(frame).frame();
        } catch (NotFlat | IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private Message frame() {
        skipSpace();
        expect('{');
        int seen = 0;
        skipSpace();
        if (peek() != '}') {
            while (true) {
                int field = name(NAMES);
                skipSpace();
                expect(':');
                skipSpace();
                if (field < 0) {
                    scalar();
                } else {
                    if ((seen & (1 << field)) != 0) {
                        throw NOT_FLAT;
                    }
                    seen |= 1 << field;
                    if (field == ANSWERS) {
                        answers = answers();
                    } else {
                        scalar();
                        switch (kind) {
                            case STRING -> strings[field] = string;
                            case INTEGER -> integers[field] = integer;
                            case TRUE -> integers[field] = 1;
                            case FALSE -> integers[field] = 0;
                            default -> nulls[field] = true;
                        }
                        if (!typed(field)) {
                            throw NOT_FLAT;
                        }
                    }
                }
                if (!nextMember()) {
                    break;
                }
            }
        }
        expect('}');
        skipSpace();
        if (pos != text.length() || (seen & (1 << V)) == 0 || integers[V] != WireCodec.VERSION) {
            throw NOT_FLAT;
        }
        String type = strings[TYPE];
        if ("call".equals(type)) {
            require(
                    seen,
                    EVENT_ID,
                    AGENT_ID,
                    CALL_ID,
                    START_MS,
                    END_MS,
                    TALK_MS,
                    MUTE_MS,
                    MUTE_COUNT,
                    LONGEST_MUTE_MS,
                    HOLD_MS,
                    SURVEY_OFFERED);
            long muteCount = integers[MUTE_COUNT];
            if (muteCount != (int) muteCount) {
                throw NOT_FLAT;
            }
            return new CallRecord(
                    strings[EVENT_ID],
                    strings[AGENT_ID],
                    strings[CALL_ID],
                    integers[START_MS],
                    integers[END_MS],
                    integers[TALK_MS],
                    integers[MUTE_MS],
                    (int) muteCount,
                    integers[LONGEST_MUTE_MS],
                    integers[HOLD_MS],
                    integers[SURVEY_OFFERED] == 1,
                    (seen & (1 << ENDED_BY)) == 0 || nulls[ENDED_BY] ? null : EndedBy.ofWire(strings[ENDED_BY]),
                    optional(seen, CALLER_HASH));
        }
        if ("survey".equals(type)) {
            require(seen, EVENT_ID, AGENT_ID, CALL_ID, LANGUAGE, START_MS, END_MS, STATUS, ANSWERS);
            Integer version = null;
            if ((seen & (1 << VERSION)) != 0 && !nulls[VERSION]) {
                long v = integers[VERSION];
                if (v != (int) v) {
                    throw NOT_FLAT;
                }
                version = (int) v;
            }
            return new SurveyResult(
                    strings[EVENT_ID],
                    strings[AGENT_ID],
                    strings[CALL_ID],
                    strings[LANGUAGE],
                    integers[START_MS],
                    integers[END_MS],
                    choice(strings[STATUS], STATUSES),
                    answers,
                    (seen & (1 << SURVEY_ID)) == 0 ? null : strings[SURVEY_ID],
                    version,
                    optional(seen, CALLER_HASH));
        }
        throw NOT_FLAT;
    }

    /** Whether the value just read has the field's type (null only where the tree reads null as the field's value). */
    private boolean typed(int field) {
        return switch (field) {
            case V, START_MS, END_MS, TALK_MS, MUTE_MS, MUTE_COUNT, LONGEST_MUTE_MS, HOLD_MS -> kind == INTEGER;
            case VERSION -> kind == INTEGER || kind == NULL;
            case SURVEY_OFFERED -> kind == TRUE || kind == FALSE;
            case ENDED_BY, SURVEY_ID, CALLER_HASH -> kind == STRING || kind == NULL;
            default -> kind == STRING;
        };
    }

    /** The string of an optional field; null when it is absent or null. */
    private String optional(int seen, int field) {
        return (seen & (1 << field)) == 0 || nulls[field] ? null : strings[field];
    }

    private static void require(int seen, int... fields) {
        for (int f : fields) {
            if ((seen & (1 << f)) == 0) {
                throw NOT_FLAT;
            }
        }
    }

    private List<Answer> answers() {
        expect('[');
        List<Answer> list = new ArrayList<>(4);
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(answer());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw NOT_FLAT;
            }
            skipSpace();
        }
    }

    private Answer answer() {
        expect('{');
        String questionId = null;
        String kindName = null;
        String outcomeName = null;
        Integer value = null;
        long answerMs = 0;
        int seen = 0;
        skipSpace();
        if (peek() != '}') {
            while (true) {
                int field = name(ANSWER_NAMES);
                skipSpace();
                expect(':');
                skipSpace();
                scalar();
                if (field >= 0) {
                    if ((seen & (1 << field)) != 0) {
                        throw NOT_FLAT;
                    }
                    seen |= 1 << field;
                    switch (field) {
                        case QUESTION_ID -> questionId = stringValue();
                        case KIND -> kindName = stringValue();
                        case OUTCOME -> outcomeName = stringValue();
                        case VALUE -> {
                            if (kind == INTEGER && integer == (int) integer) {
                                value = (int) integer;
                            } else if (kind != NULL) {
                                throw NOT_FLAT;
                            }
                        }
                        default -> {
                            if (kind != INTEGER) {
                                throw NOT_FLAT;
                            }
                            answerMs = integer;
                        }
                    }
                }
                if (!nextMember()) {
                    break;
                }
            }
        }
        expect('}');
        if (seen != (1 << ANSWER_NAMES.length) - 1) {
            throw NOT_FLAT;
        }
        return new Answer(questionId, choice(kindName, KINDS), choice(outcomeName, OUTCOMES), value, answerMs);
    }

    private String stringValue() {
        if (kind != STRING) {
            throw NOT_FLAT;
        }
        return string;
    }

    /** The enum constant whose wire name the value is, spaces around it tolerated as the tree tolerates them. */
    private static <E extends Enum<E>> E choice(String value, E[] choices) {
        String trimmed = value.trim();
        for (E e : choices) {
            String wire = e instanceof QuestionKind k
                    ? k.wire()
                    : e instanceof AnswerOutcome o ? o.wire() : ((SurveyStatus) e).wire();
            if (wire.equals(trimmed)) {
                return e;
            }
        }
        throw NOT_FLAT;
    }

    /** A field name: its index in {@code names}, or -1 for a name not among them. */
    private int name(String[] names) {
        if (peek() != '"') {
            throw NOT_FLAT;
        }
        int from = pos + 1;
        int end = closingQuote(from);
        pos = end + 1;
        int length = end - from;
        for (int i = 0; i < names.length; i++) {
            String n = names[i];
            if (n.length() == length && text.startsWith(n, from)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the string whose first character is at {@code from} ends (its closing quote); not flat when it holds an
     * escape or a control character, or does not end.
     */
    private int closingQuote(int from) {
        for (int end = from; end < text.length(); end++) {
            char c = text.charAt(end);
            if (c == '"') {
                return end;
            }
            if (c == '\\' || c < 0x20) {
                throw NOT_FLAT;
            }
        }
        throw NOT_FLAT;
    }

    /** A string, an integer, true, false or null; anything else is not flat. */
    private void scalar() {
        char c = peek();
        if (c == '"') {
            int from = pos + 1;
            int end = closingQuote(from);
            string = text.substring(from, end);
            pos = end + 1;
            kind = STRING;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            number();
        } else if (c == 't') {
            literal("true", TRUE);
        } else if (c == 'f') {
            literal("false", FALSE);
        } else if (c == 'n') {
            literal("null", NULL);
        } else {
            throw NOT_FLAT;
        }
    }

    /** An integer as the tree reads it into a {@code Long}: no leading zeros, no fraction, no exponent. */
    private void number() {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        long n = 0;
        char c = peek();
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            while (c >= '0' && c <= '9') {
                n = n * 10 + (c - '0');
                pos++;
                c = peek();
            }
        } else {
            throw NOT_FLAT;
        }
        c = peek();
        // Longer numbers may not fit a long: the tree reads them.
        if (c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9') || pos - start >= 19) {
            throw NOT_FLAT;
        }
        integer = negative ? -n : n;
        kind = INTEGER;
    }

    private void literal(String word, int literalKind) {
        if (!text.startsWith(word, pos)) {
            throw NOT_FLAT;
        }
        pos += word.length();
        if (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            throw NOT_FLAT;
        }
        kind = literalKind;
    }

    /** After an object's member: true when a comma follows (then passed, with the space after it), else false. */
    private boolean nextMember() {
        skipSpace();
        if (peek() != ',') {
            return false;
        }
        pos++;
        skipSpace();
        return true;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw NOT_FLAT;
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
