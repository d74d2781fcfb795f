package io.cxpulse.server.ingest;

import io.cxpulse.protocol.SurveyProgram;
import io.vertx.core.Future;
import java.util.Optional;

/** What an agent's link needs of survey programs: the version its team runs, and noting the one it has ready. */
public interface SurveyPrograms {
    /** The version {@code team} runs, as the agents receive it; empty when the team has none. */
    Future<Optional<SurveyProgram>> active(String team);

    /** {@code agentId} has that version and its prompts on disk. */
    void running(String agentId, String programId, int version);
}
