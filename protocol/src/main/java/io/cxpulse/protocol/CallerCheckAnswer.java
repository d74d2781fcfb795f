package io.cxpulse.protocol;

/**
 * The server's answer to a {@link CallerCheck}: whether the caller of that call had a survey stored, from any agent,
 * within the days asked.
 */
public record CallerCheckAnswer(String callId, boolean surveyedRecently) implements Message {
    public CallerCheckAnswer {
        Check.id("callId", callId);
    }
}
