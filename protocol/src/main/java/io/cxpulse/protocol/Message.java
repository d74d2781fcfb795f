package io.cxpulse.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** One message on the agent-server WebSocket; the {@code type} property names the record. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = CallRecord.class, name = "call"),
    @JsonSubTypes.Type(value = SurveyResult.class, name = "survey"),
    @JsonSubTypes.Type(value = Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ErrorMessage.class, name = "error"),
    @JsonSubTypes.Type(value = AgentScores.class, name = "scores"),
    @JsonSubTypes.Type(value = ScoresSubscribe.class, name = "scores-subscribe"),
    @JsonSubTypes.Type(value = SurveyProgram.class, name = "survey-program"),
    @JsonSubTypes.Type(value = SurveyProgramReady.class, name = "survey-program-ready"),
    @JsonSubTypes.Type(value = CallerCheck.class, name = "caller-check"),
    @JsonSubTypes.Type(value = CallerCheckAnswer.class, name = "caller-check-answer")
})
public sealed interface Message
        permits Hello,
                Welcome,
                AgentEvent,
                Ack,
                ErrorMessage,
                AgentScores,
                ScoresSubscribe,
                SurveyProgram,
                SurveyProgramReady,
                CallerCheck,
                CallerCheckAnswer {}
