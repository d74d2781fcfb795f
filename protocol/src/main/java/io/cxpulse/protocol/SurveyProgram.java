package io.cxpulse.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The survey program the agent's team runs, sent by the server after {@code welcome} and again whenever another
 * version is activated for the team. The agent keeps it on disk, fetches the prompts it does not have by their
 * content hash, and asks it from the next survey on; a survey already running is never changed.
 *
 * @param programId the program, which is also the survey's id in every result
 * @param version the program's version (1, 2, ...): each saved change is a new one, never altered
 * @param survey the survey definition (the rules of {@link SurveySpecs}) whose prompts are {@code sha256:HEX}, as
 *     {@link Json} reads a JSON object
 * @param audience which calls are surveyed
 * @param callerSalt the center's salt for caller hashes ({@link #SALT_LENGTH} lower-case hex digits: 32 bytes), or
 *     null from a server that has none; the agent keys its HMAC-SHA256 of a caller's number with it
 */
public record SurveyProgram(
        String programId, int version, Map<String, Object> survey, Audience audience, String callerSalt)
        implements Message {
    /** A caller salt is 32 random bytes, written as 64 lower-case hex digits. */
    public static final int SALT_LENGTH = 64;

    /** A prompt named by its content: {@code sha256:} and 64 lower-case hex digits of the WAV file's bytes. */
    public static final String PROMPT_PREFIX = "sha256:";

    public SurveyProgram {
        Check.id("programId", programId);
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
        Check.required("survey", survey);
        survey = Collections.unmodifiableMap(new LinkedHashMap<>(survey));
        Check.required("audience", audience);
        if (callerSalt != null) {
            Check.hex("callerSalt", callerSalt, SALT_LENGTH);
        }
    }

    /** A program without a caller salt. */
    public SurveyProgram(String programId, int version, Map<String, Object> survey, Audience audience) {
        this(programId, version, survey, audience, null);
    }

    @Override
    public String toString() {
        return "SurveyProgram[programId=" + programId + ", version=" + version + ", audience=" + audience + "]";
    }

    /** Whether {@code source} names a prompt by content hash. */
    public static boolean isPromptHash(String source) {
        if (source == null || source.length() != PROMPT_PREFIX.length() + 64 || !source.startsWith(PROMPT_PREFIX)) {
            return false;
        }
        for (int i = PROMPT_PREFIX.length(); i < source.length(); i++) {
            char c = source.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Who is asked.
     *
     * @param minTalkMs calls with less talk time are not surveyed; null leaves the agent's own setting
     * @param samplePercent the share of eligible calls surveyed, 1-100
     * @param repeatDays no survey for the same caller within this many days, where the caller's number is known (0:
     *     no such rule)
     */
    public record Audience(Long minTalkMs, int samplePercent, int repeatDays) {
        /** Every call with enough talk time; the agent's own minimum applies. */
        public static final Audience EVERY_CALL = new Audience(null, 100, 0);

        public Audience {
            if (minTalkMs != null && (minTalkMs < 0 || minTalkMs > 3_600_000)) {
                throw new IllegalArgumentException("minTalkMs must be 0-3600000, got " + minTalkMs);
            }
            if (samplePercent < 1 || samplePercent > 100) {
                throw new IllegalArgumentException("samplePercent must be 1-100, got " + samplePercent);
            }
            if (repeatDays < 0 || repeatDays > 365) {
                throw new IllegalArgumentException("repeatDays must be 0-365, got " + repeatDays);
            }
        }
    }
}
