package io.cxpulse.server.programs;

import io.cxpulse.protocol.Json;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.server.ingest.SurveyPrograms;
import io.cxpulse.server.store.CallerHistory;
import io.cxpulse.server.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Survey programs as the agents' links see them: the version a team runs, and which one each agent has ready. */
public final class ProgramService implements SurveyPrograms {
    private static final Logger log = LoggerFactory.getLogger(ProgramService.class);
    private static final int MAX_DEPTH = 64;

    private final Store store;
    private final Clock clock;

    public ProgramService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Future<Optional<SurveyProgram>> active(String team) {
        return store.read(c -> {
            Optional<ProgramStore.Activation> a = ProgramStore.activation(c, team);
            if (a.isEmpty()) {
                return Optional.empty();
            }
            String salt = CallerHistory.salt(c).orElse(null);
            return ProgramStore.version(c, a.get().programId(), a.get().version())
                    .map(v -> message(v, salt));
        });
    }

    @Override
    public void running(String agentId, String programId, int version) {
        long now = clock.millis();
        store.transaction(c -> {
                    ProgramStore.running(c, agentId, programId, version, now);
                    return null;
                })
                .onFailure(e ->
                        log.warn("Could not note that agent {} runs program {} v{}", agentId, programId, version, e));
    }

    /** The wire message of a stored version, with the center's salt for caller hashes (or none). */
    @SuppressWarnings("unchecked")
    static SurveyProgram message(ProgramStore.Version v, String callerSalt) {
        try {
            // Read as the wire codec reads it, so that the message equals the one the agent decodes.
            Object survey = Json.parse(v.survey().encode(), MAX_DEPTH);
            return new SurveyProgram(
                    v.programId(), v.version(), (Map<String, Object>) survey, audience(v.audience()), callerSalt);
        } catch (Json.SyntaxException e) {
            throw new IllegalStateException("stored survey of program " + v.programId() + " is not JSON", e);
        }
    }

    static SurveyProgram.Audience audience(JsonObject a) {
        Number minTalk = a.getNumber("minTalkMs");
        return new SurveyProgram.Audience(
                minTalk == null ? null : minTalk.longValue(),
                a.getInteger("samplePercent", 100),
                a.getInteger("repeatDays", 0));
    }
}
