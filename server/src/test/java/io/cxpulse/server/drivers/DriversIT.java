package io.cxpulse.server.drivers;

import static io.cxpulse.server.TestSupport.asked;
import static io.cxpulse.server.TestSupport.await;
import static io.cxpulse.server.TestSupport.survey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.CxServer;
import io.cxpulse.server.TestAgent;
import io.cxpulse.server.api.ApiClient;
import io.cxpulse.server.auth.Role;
import io.cxpulse.server.store.StoreTarget;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/drivers} on SQLite and PostgreSQL: surveys joined with their calls, counted per band. */
class DriversIT {
    @TempDir
    Path dir;

    private StoreTarget target;
    private CxServer server;

    @AfterEach
    void stop() throws Exception {
        StoreTarget.shutDown(server, target);
    }

    private static JsonObject factor(JsonObject view, String name) {
        JsonArray factors = view.getJsonArray("factors");
        for (int i = 0; i < factors.size(); i++) {
            if (factors.getJsonObject(i).getString("factor").equals(name)) {
                return factors.getJsonObject(i);
            }
        }
        throw new AssertionError("no factor " + name);
    }

    private static JsonObject level(JsonObject factor, String name) {
        JsonArray levels = factor.getJsonArray("levels");
        for (int i = 0; i < levels.size(); i++) {
            if (levels.getJsonObject(i).getString("level").equals(name)) {
                return levels.getJsonObject(i);
            }
        }
        throw new AssertionError("no level " + name + " in " + factor.encode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void surveysAreJoinedWithTheirCallsAndCountedByBand(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        server = await(CxServer.start(target.config()));
        String token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();
        // Twelve long calls on hold, all detractors, and twelve short ones without hold, all promoters; one more
        // survey has no call record.
        for (int i = 0; i < 24; i++) {
            boolean bad = i % 2 == 0;
            long end = now - (30 - i) * 60_000L;
            SurveyResult s = survey("s-" + i, "agent-01", end, bad ? 2 : 10, bad ? 1 : 5, bad ? 0 : 1);
            long talk = bad ? 720_000 : 60_000;
            long hold = bad ? 120_000 : 0;
            TestAgent.sendAcked(
                    server,
                    "agent-01",
                    token,
                    new CallRecord(
                            "c-" + i,
                            "agent-01",
                            s.callId(),
                            s.startMs() - talk - hold,
                            s.startMs(),
                            talk,
                            0,
                            0,
                            0,
                            hold,
                            true,
                            null));
            TestAgent.sendAcked(server, "agent-01", token, s);
        }
        TestAgent.sendAcked(server, "agent-01", token, survey("lone", "agent-01", now - 1_000, 9, 5, 1));

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        JsonObject view = boss.get("/api/drivers?team=north&days=1").bodyAsJsonObject();
        assertThat(view.getLong("teamSurveys")).isEqualTo(25);
        JsonObject talk = factor(view, "talk");
        assertThat(level(talk, "10m+").getJsonObject("team").getLong("n")).isEqualTo(12);
        assertThat(level(talk, "10m+").getJsonObject("team").getDouble("detractorRate"))
                .isEqualTo(1.0);
        assertThat(level(talk, "0-2m").getJsonObject("team").getLong("n")).isEqualTo(12);
        assertThat(talk.getString("worst")).isEqualTo("10m+");
        JsonObject hold = factor(view, "hold");
        assertThat(level(hold, "1m+").getJsonObject("center").getLong("n")).isEqualTo(12);
        // The survey without a call counts for resolved, but not for the call's factors.
        JsonObject resolved = factor(view, "resolved");
        assertThat(level(resolved, "yes").getJsonObject("team").getLong("n")).isEqualTo(13);
        assertThat(resolved.getJsonObject("importance").getDouble("detractorDiff"))
                .isEqualTo(1.0);
        assertThat(view.getJsonObject("expectation").getBoolean("available")).isFalse();
        // No call carried a caller hash: no call is first or repeat, and the view says why.
        assertThat(view.getJsonObject("repeatCaller").getBoolean("available")).isFalse();
        assertThat(view.getJsonObject("repeatCaller").getString("why")).contains("only for SIP lines");
        assertThat(level(factor(view, "repeat"), "repeat")
                        .getJsonObject("center")
                        .getLong("n"))
                .isZero();
        assertThat(level(factor(view, "repeat"), "first")
                        .getJsonObject("center")
                        .getLong("n"))
                .isZero();
        assertThat(boss.get("/api/drivers?team=nowhere").statusCode()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void figuresOfTwoSurveyVersionsAreSaidToBeMixedAndCanBeReadOneVersionAtATime(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        server = await(CxServer.start(target.config()));
        String token = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();
        // Version 1's ten callers are detractors, version 2's six are promoters.
        for (int i = 0; i < 16; i++) {
            boolean first = i < 10;
            SurveyResult s = survey("v-" + i, "agent-01", now - (30 - i) * 60_000L, first ? 3 : 10, first ? 2 : 5, 1);
            TestAgent.sendAcked(server, "agent-01", token, asked(s, "p-nps", first ? 1 : 2));
        }
        ApiClient boss = ApiClient.login(server, "boss", "boss-password");

        JsonObject all = boss.get("/api/drivers?team=north&days=1").bodyAsJsonObject();
        assertThat(all.getLong("teamSurveys")).isEqualTo(16);
        assertThat(all.getBoolean("mixed")).isTrue();
        assertThat(all.getJsonArray("versions").stream()
                        .map(v -> ((JsonObject) v).getInteger("version") + ":" + ((JsonObject) v).getLong("surveys")))
                .containsExactly("1:10", "2:6");

        JsonObject second = boss.get("/api/drivers?team=north&days=1&surveyId=p-nps&version=2")
                .bodyAsJsonObject();
        assertThat(second.getLong("teamSurveys")).isEqualTo(6);
        assertThat(second.getBoolean("mixed")).isFalse();
        assertThat(second.getJsonObject("filter").getInteger("version")).isEqualTo(2);
        assertThat(level(factor(second, "resolved"), "yes")
                        .getJsonObject("team")
                        .getDouble("detractorRate"))
                .isZero();
        // The versions are still listed, so that the other one can be picked.
        assertThat(second.getJsonArray("versions")).hasSize(2);
        assertThat(boss.get("/api/drivers?team=north&version=0").statusCode()).isEqualTo(400);
    }

    private static String hash(String caller) {
        return String.format("%064x", caller.hashCode() & 0xffffffffL);
    }

    private static CallRecord call(String eventId, String agentId, String callId, long endMs, String callerHash) {
        return new CallRecord(
                eventId, agentId, callId, endMs - 180_000, endMs, 180_000, 0, 0, 0, 0, true, null, callerHash);
    }

    /** A call of {@code agentId} ending at {@code endMs}, with its survey right after. */
    private static void surveyedCall(
            CxServer server, String agentId, String token, String id, long endMs, boolean detractor, String hash)
            throws Exception {
        SurveyResult s = survey("s-" + id, agentId, endMs + 40_000, detractor ? 2 : 10, detractor ? 1 : 5, 1);
        TestAgent.sendAcked(server, agentId, token, call("c-" + id, agentId, s.callId(), s.startMs(), hash));
        TestAgent.sendAcked(server, agentId, token, s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCallIsARepeatContactWhenItsCallerCalledAnyAgentWithinSevenDaysBefore(String kind) throws Exception {
        target = StoreTarget.of(kind, dir);
        server = await(CxServer.start(target.config()));
        String north = await(server.provisionAgent("agent-01", "Amira Haddad", "north"));
        String south = await(server.provisionAgent("agent-02", "Li Wei", "south"));
        await(server.provisionUser("boss", "boss-password", Role.ADMIN, null));
        long now = System.currentTimeMillis();
        long day = 86_400_000L;
        for (int i = 0; i < 12; i++) {
            // Twelve callers of north called south two days ago (not surveyed): each north call of theirs today is a
            // repeat contact, and they are detractors.
            String repeat = hash("repeat-" + i);
            TestAgent.sendAcked(
                    server, "agent-02", south, call("before-" + i, "agent-02", "b-" + i, now - 2 * day, repeat));
            surveyedCall(server, "agent-01", north, "r-" + i, now - (60 - i) * 60_000L, true, repeat);
            // Twelve callers call for the first time in the week, and are promoters; four of them called eight days
            // ago, outside the week, so they still count as first contacts.
            String first = hash("first-" + i);
            if (i < 4) {
                TestAgent.sendAcked(
                        server, "agent-02", south, call("old-" + i, "agent-02", "o-" + i, now - 8 * day, first));
            }
            surveyedCall(server, "agent-01", north, "f-" + i, now - (40 - i) * 60_000L, false, first);
        }
        // A caller of north calls south an hour later: a repeat contact for the center, not for north.
        String back = hash("back");
        surveyedCall(server, "agent-01", north, "back-1", now - 3 * 3_600_000L, false, back);
        surveyedCall(server, "agent-02", south, "back-2", now - 2 * 3_600_000L, true, back);
        // Two surveyed calls from a line that does not know the number: no level.
        surveyedCall(server, "agent-01", north, "usb-1", now - 10 * 60_000L, true, null);
        surveyedCall(server, "agent-01", north, "usb-2", now - 9 * 60_000L, false, null);

        ApiClient boss = ApiClient.login(server, "boss", "boss-password");
        JsonObject view = boss.get("/api/drivers?team=north&days=1").bodyAsJsonObject();
        assertThat(view.getLong("teamSurveys")).isEqualTo(27);
        JsonObject repeatCaller = view.getJsonObject("repeatCaller");
        assertThat(repeatCaller.getBoolean("available")).isTrue();
        assertThat(repeatCaller.getLong("n")).isEqualTo(26);
        assertThat(repeatCaller.getString("why")).isNull();
        JsonObject factor = factor(view, "repeat");
        assertThat(level(factor, "repeat").getJsonObject("team").getLong("n")).isEqualTo(12);
        assertThat(level(factor, "repeat").getJsonObject("team").getDouble("detractorRate"))
                .isEqualTo(1.0);
        assertThat(level(factor, "repeat").getJsonObject("center").getLong("n")).isEqualTo(13);
        assertThat(level(factor, "first").getJsonObject("team").getLong("n")).isEqualTo(13);
        assertThat(level(factor, "first").getJsonObject("team").getDouble("detractorRate"))
                .isEqualTo(0.0);
        assertThat(level(factor, "first").getJsonObject("center").getLong("n")).isEqualTo(13);
        assertThat(factor.getString("worst")).isEqualTo("repeat");
        assertThat(factor.getJsonObject("performance").getDouble("teamShare")).isEqualTo(12.0 / 25);
        // The calls without a caller hash still count for the other factors.
        assertThat(level(factor(view, "resolved"), "yes").getJsonObject("team").getLong("n"))
                .isEqualTo(27);
    }
}
