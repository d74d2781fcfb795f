package io.cxpulse.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.survey.QuestionResult;
import io.cxpulse.agent.survey.SurveyDefinitions;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesktopModelTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final DesktopModel model = new DesktopModel("USB Phone", "USB Phone");
    private final List<DesktopState> seen = new ArrayList<>();

    @Test
    void subscribersGetTheCurrentStateThenEveryChangeInOrder() {
        model.subscribe(seen::add);
        model.link(new LinkStatus(LinkStatus.State.OFFLINE, "cannot reach", 2));
        model.link(new LinkStatus(LinkStatus.State.OFFLINE, "cannot reach", 2)); // no change, no news
        model.link(new LinkStatus(LinkStatus.State.ONLINE, "connected as Ann", 0));

        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).link().state()).isEqualTo(LinkStatus.State.CONNECTING);
        assertThat(seen.get(1).link().pendingEvents()).isEqualTo(2);
        assertThat(seen.get(2).link().state()).isEqualTo(LinkStatus.State.ONLINE);
    }

    @Test
    void aCallKeepsItsStartThroughMuteAndHoldAndEndsIdle() {
        model.call(CallTracker.State.ACTIVE, false, T0);
        model.call(CallTracker.State.ACTIVE, true, T0.plusSeconds(20));
        model.call(CallTracker.State.HELD, true, T0.plusSeconds(30));
        DesktopState.Call held = model.state().call();
        assertThat(held.since()).isEqualTo(T0);
        assertThat(held.muted()).isTrue();
        assertThat(held.held()).isTrue();

        model.call(CallTracker.State.IDLE, false, T0.plusSeconds(60));
        assertThat(model.state().call().since()).isNull();
        model.call(CallTracker.State.ACTIVE, false, T0.plusSeconds(90));
        assertThat(model.state().call().since()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aSurveyShowsItsQuestionAndKeysThenBecomesTheLastResult() {
        var progress = model.surveyProgress();
        progress.started("c1", SurveyDefinitions.defaultSurvey());
        assertThat(model.state().survey().question()).isEqualTo(-1);
        progress.question("c1", 0);
        progress.key("c1", '5');
        progress.question("c1", 1);
        progress.key("c1", '1');
        progress.key("c1", '0');
        progress.key("other-call", '9'); // a stale survey's news changes nothing
        DesktopState.Survey running = model.state().survey();
        assertThat(running.question()).isEqualTo(1);
        assertThat(running.keys()).isEqualTo("510");
        assertThat(running.questionIds()).containsExactly("csat", "nps", "resolved");

        model.surveyEnded(result("c1", SurveyStatus.COMPLETED));
        assertThat(model.state().survey()).isNull();
        assertThat(model.state().lastSurvey().status()).isEqualTo("completed");
        assertThat(model.state().lastSurvey().answers()).containsEntry("csat", 5);
    }

    @Test
    void theHeadsetsProblemAndTheDevicesCheckAreKept() {
        model.headset(null, false, "permission denied on /dev/hidraw3: install ...");
        assertThat(model.state().headset().problem()).startsWith("permission denied");
        model.headset("Desk Headset", true, null);
        assertThat(model.state().headset()).isEqualTo(new DesktopState.Headset("Desk Headset", true, null));
        assertThat(model.state().devices().checked()).isFalse();
        model.devicesChecked(null);
        assertThat(model.state().devices().checked()).isTrue();
    }

    @Test
    void theWindowsTextInBothLanguagesFollowsTheState() {
        model.headset("Desk Headset", true, null);
        model.devicesChecked(null);
        model.link(new LinkStatus(LinkStatus.State.OFFLINE, "x", 3));
        model.call(CallTracker.State.HELD, true, T0);
        StatusText en = new StatusText(Texts.of(Locale.US), ZoneOffset.UTC);
        StatusText zh = new StatusText(Texts.of(Locale.CHINA), ZoneOffset.UTC);

        StatusText.Lines e = en.lines(model.state(), T0.plusSeconds(75));
        assertThat(e.headset().text()).isEqualTo("Desk Headset: call control works");
        assertThat(e.link().text()).isEqualTo("Reconnecting (3 events waiting to be sent)");
        assertThat(e.call().text()).isEqualTo("On a call 1:15 · Muted · On hold");
        assertThat(e.devices().text()).isEqualTo("USB Phone");
        StatusText.Lines z = zh.lines(model.state(), T0.plusSeconds(75));
        assertThat(z.link().text()).isEqualTo("正在重新连接（3 个事件等待发送）");
        assertThat(z.call().text()).isEqualTo("通话中 1:15 · 已静音 · 保持中");
    }

    @Test
    void theSurveyProgramTakenUpShowsItsIdAndVersionInBothLanguages() {
        StatusText en = new StatusText(Texts.of(Locale.US), ZoneOffset.UTC);
        StatusText zh = new StatusText(Texts.of(Locale.CHINA), ZoneOffset.UTC);
        assertThat(model.state().program()).isNull();
        assertThat(en.lines(model.state(), T0).program().text()).isEqualTo("Survey: this desk's own");
        model.subscribe(seen::add);

        model.program(new SurveyProgram("effort", 3, Map.of(), SurveyProgram.Audience.EVERY_CALL));
        model.program(new SurveyProgram("effort", 3, Map.of(), SurveyProgram.Audience.EVERY_CALL)); // confirmed
        assertThat(seen).hasSize(2);
        assertThat(model.state().program()).isEqualTo(new DesktopState.Program("effort", 3));
        assertThat(en.lines(model.state(), T0).program().text()).isEqualTo("Survey: effort v3");
        assertThat(zh.lines(model.state(), T0).program().text()).isEqualTo("调查：effort v3");

        // Version 1200 reads as a plain number, and the program outlives the surveys and links that follow.
        model.program(new SurveyProgram("effort", 1200, Map.of(), SurveyProgram.Audience.EVERY_CALL));
        model.link(new LinkStatus(LinkStatus.State.ONLINE, "connected", 0));
        model.surveyEnded(result("c1", SurveyStatus.COMPLETED));
        assertThat(en.lines(model.state(), T0).program().text()).isEqualTo("Survey: effort v1200");
    }

    @Test
    void theAgentsOwnScoresShowNpsWithMarginAndNCsatAndRecentAnswers() {
        model.scores(new AgentScores(
                "agent-7",
                T0.toEpochMilli(),
                new AgentScores.Period(3, 33.3, 48.2, 2, 4.5),
                new AgentScores.Period(0, null, null, 0, null),
                List.of(new AgentScores.Recent(
                        T0.toEpochMilli(),
                        List.of(
                                Answer.answered("nps", QuestionKind.NPS, 9, 500),
                                Answer.answered("resolved", QuestionKind.YESNO, 0, 500))))));
        StatusText.Lines en = new StatusText(Texts.of(Locale.ENGLISH), ZoneOffset.UTC).lines(model.state(), T0);
        assertThat(en.today().text()).isEqualTo("Today: NPS 33 ±48 (n=3) · CSAT 4.5 (n=2)");
        assertThat(en.week().text()).isEqualTo("This week: NPS – (n=0) · CSAT –");
        assertThat(en.recent()).extracting(StatusText.Line::text).containsExactly("09:00  Recommend 9, Resolved no");
        StatusText.Lines zh = new StatusText(Texts.of(Locale.CHINA), ZoneOffset.UTC).lines(model.state(), T0);
        assertThat(zh.today().text()).isEqualTo("今天：NPS 33 ±48（n=3） · CSAT 4.5（n=2）");
    }

    static SurveyOutcome result(String callId, SurveyStatus status) {
        return new SurveyOutcome(
                callId,
                "default",
                "en",
                T0,
                T0.plusSeconds(30),
                status,
                null,
                List.of(new QuestionResult("csat", QuestionKind.CSAT, AnswerOutcome.ANSWERED, 5, 700L, 0)));
    }
}
