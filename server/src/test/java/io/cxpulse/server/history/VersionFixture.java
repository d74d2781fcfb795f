package io.cxpulse.server.history;

import static io.cxpulse.server.TestSupport.call;
import static io.cxpulse.server.TestSupport.survey;
import static io.cxpulse.server.history.ChartFixture.at;

import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.ServerConfig;
import io.cxpulse.server.SettableClock;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.TestSupport;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A server on a fixed clock, Wednesday 25 November 2026 15:30 UTC, whose surveys were asked in two versions of
 * program {@code nps-q} and, in the south, in none (NPS, CSAT):
 *
 * <pre>
 *   today      09:05 agent-n1 a call
 *              09:10 agent-n1 v1 10 5   09:40 agent-n1 v1 3 2   14:05 agent-n1 v2 9 4   14:20 agent-n2 v2 8 4
 *              09:15 agent-s1 (no program) 7 4
 *   yesterday  09:30 agent-n1 v2 6 3
 * </pre>
 *
 * Users: {@code boss} (admin), {@code lead-n} and {@code lead-s} (supervisors of north and south), passwords {@code
 * boss-password} and {@code lead-password}.
 */
public final class VersionFixture {
    public static final Instant NOW = ChartFixture.NOW;
    public static final String PROGRAM = "nps-q";

    private VersionFixture() {}

    public static SettableClock clock() {
        return ChartFixture.clock();
    }

    /** Starts the server on SQLite under {@code dir}. */
    public static CxServer start(Path dir, SettableClock clock) {
        return start(ServerConfig.loopback(dir), clock);
    }

    /** Starts the server on the store {@code config} names, with the people and surveys above. */
    public static CxServer start(ServerConfig config, SettableClock clock) {
        ChartFixture.People people = ChartFixture.People.start(config, clock);
        CxServer server = people.server();
        String n1 = people.n1();
        String n2 = people.n2();
        String s1 = people.s1();
        TestAgent.sendAcked(server, "agent-n1", n1, call("n1-call", "agent-n1", at("2026-11-25T09:05:00Z"), 60_000, 0));
        TestAgent.sendAcked(
                server, "agent-n1", n1, asked(survey("n1-a", "agent-n1", at("2026-11-25T09:10:00Z"), 10, 5, 1), 1));
        TestAgent.sendAcked(
                server, "agent-n1", n1, asked(survey("n1-b", "agent-n1", at("2026-11-25T09:40:00Z"), 3, 2, 0), 1));
        TestAgent.sendAcked(
                server, "agent-n1", n1, asked(survey("n1-c", "agent-n1", at("2026-11-25T14:05:00Z"), 9, 4, 1), 2));
        TestAgent.sendAcked(
                server, "agent-n1", n1, asked(survey("n1-d", "agent-n1", at("2026-11-24T09:30:00Z"), 6, 3, 0), 2));
        TestAgent.sendAcked(
                server, "agent-n2", n2, asked(survey("n2-a", "agent-n2", at("2026-11-25T14:20:00Z"), 8, 4, 1), 2));
        TestAgent.sendAcked(server, "agent-s1", s1, survey("s1-a", "agent-s1", at("2026-11-25T09:15:00Z"), 7, 4, 1));
        return server;
    }

    /** {@code s} as asked in version {@code version} of {@link #PROGRAM}. */
    public static SurveyResult asked(SurveyResult s, int version) {
        return TestSupport.asked(s, PROGRAM, version);
    }
}
