package io.cxpulse.testsupport;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.protocol.AgentEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A desk whose server is out of reach (nothing listens at {@code 127.0.0.1:9}), for tests that read what it keeps in
 * its outbox: agent {@code agent-07}, the default survey and prompts, every call eligible, outbox under {@code
 * dir/outbox}.
 */
public final class OfflineDesk {
    private OfflineDesk() {}

    /** A new desk on {@code line}, its outbox in {@code dir}. */
    public static Desk open(Path dir, Desk.SurveyLine line) throws IOException {
        return new Desk(
                new Desk.Identity(URI.create("http://127.0.0.1:9"), "agent-07", "secret"),
                dir.resolve("outbox"),
                SurveyDefinitions.defaultSurvey(),
                new PromptLibrary(),
                new SurveyPolicy(0),
                line,
                status -> {});
    }

    /** The events waiting in the outbox of {@link #open}'s desk (closed by then), oldest first. */
    public static List<AgentEvent> pending(Path dir) throws IOException {
        try (Outbox outbox = Outbox.open(dir.resolve("outbox"))) {
            return outbox.pending();
        }
    }
}
