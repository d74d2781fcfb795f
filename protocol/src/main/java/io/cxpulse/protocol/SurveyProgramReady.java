package io.cxpulse.protocol;

/**
 * The agent has a survey program's version and all its prompts on disk: its next survey is that version. Sent only in
 * answer to {@link SurveyProgram}, so that a server before survey programs never receives it.
 */
public record SurveyProgramReady(String programId, int version) implements Message {
    public SurveyProgramReady {
        Check.id("programId", programId);
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, got " + version);
        }
    }
}
