package io.cxpulse.agent.ui;

import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.survey.Question;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyRunner;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.QuestionKind;
import io.cxpulse.protocol.SurveyProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The agent's desktop as data: the headset, line, link, call and survey threads report here, each on its own
 * thread, and every change replaces the {@link DesktopState} snapshot and tells the subscribers. It knows nothing of
 * Swing: the window subscribes and posts each snapshot to the event thread; tests read {@link #state()} directly.
 */
public final class DesktopModel {
    private final List<Consumer<DesktopState>> subscribers = new CopyOnWriteArrayList<>();
    private DesktopState state;

    public DesktopModel(String playback, String capture) {
        this.state = DesktopState.initial(playback, capture);
    }

    /** The current snapshot. */
    public synchronized DesktopState state() {
        return state;
    }

    /**
     * Tells {@code subscriber} the current snapshot now and every new one after, on the thread that made the change;
     * it must return at once (hand the snapshot to another thread).
     */
    public void subscribe(Consumer<DesktopState> subscriber) {
        Objects.requireNonNull(subscriber);
        synchronized (this) {
            subscribers.add(subscriber);
            subscriber.accept(state);
        }
    }

    /** The active headset changed: its name (null if none), whether it is attached, and any problem. */
    public void headset(String name, boolean attached, String problem) {
        update(s -> with(s, new DesktopState.Headset(name, attached, problem)));
    }

    /** The line devices were looked up: a problem (null when both are there). */
    public void devicesChecked(String problem) {
        update(s -> new DesktopState(
                s.headset(),
                new DesktopState.Devices(s.devices().playback(), s.devices().capture(), problem, true),
                s.link(),
                s.call(),
                s.survey(),
                s.lastSurvey(),
                s.scores(),
                s.program()));
    }

    /** The server link's status changed. */
    public void link(LinkStatus link) {
        update(s -> new DesktopState(
                s.headset(), s.devices(), link, s.call(), s.survey(), s.lastSurvey(), s.scores(), s.program()));
    }

    /** The call's state after a headset event at {@code at}. */
    public void call(CallTracker.State callState, boolean muted, Instant at) {
        update(s -> {
            Instant since = callState == CallTracker.State.IDLE
                    ? null
                    : s.call().since() != null ? s.call().since() : at;
            return new DesktopState(
                    s.headset(),
                    s.devices(),
                    s.link(),
                    new DesktopState.Call(callState, since, muted),
                    s.survey(),
                    s.lastSurvey(),
                    s.scores(),
                    s.program());
        });
    }

    /** The agent's own scores as the server sent them; yes/no answers become booleans. */
    public void scores(AgentScores scores) {
        List<DesktopState.Recent> recent = new ArrayList<>();
        for (AgentScores.Recent r : scores.recent()) {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (Answer a : r.answers()) {
                answers.put(a.questionId(), a.kind() == QuestionKind.YESNO ? (Object) (a.value() == 1) : a.value());
            }
            recent.add(new DesktopState.Recent(Instant.ofEpochMilli(r.endMs()), answers));
        }
        scores(new DesktopState.Scores(period(scores.today()), period(scores.week()), recent));
    }

    private static DesktopState.Period period(AgentScores.Period p) {
        return new DesktopState.Period(p.npsResponses(), p.nps(), p.npsMargin(), p.csatResponses(), p.csat());
    }

    /** The agent's own scores arrived from the server. */
    public void scores(DesktopState.Scores scores) {
        update(s -> new DesktopState(
                s.headset(), s.devices(), s.link(), s.call(), s.survey(), s.lastSurvey(), scores, s.program()));
    }

    /** A survey program version was taken up: the next call is asked it. */
    public void program(SurveyProgram program) {
        DesktopState.Program shown = new DesktopState.Program(program.programId(), program.version());
        update(s -> new DesktopState(
                s.headset(), s.devices(), s.link(), s.call(), s.survey(), s.lastSurvey(), s.scores(), shown));
    }

    /** A survey finished (whatever its outcome): it becomes the last result. */
    public void surveyEnded(SurveyOutcome result) {
        DesktopState.LastSurvey last =
                new DesktopState.LastSurvey(result.status().wire(), result.answers(), result.end());
        update(s -> new DesktopState(
                s.headset(),
                s.devices(),
                s.link(),
                s.call(),
                s.survey() != null && s.survey().callId().equals(result.callId()) ? null : s.survey(),
                last,
                s.scores(),
                s.program()));
    }

    /** What the survey runner reports while a survey runs. */
    public SurveyRunner.Progress surveyProgress() {
        return new SurveyRunner.Progress() {
            @Override
            public void started(String callId, SurveyDefinition survey) {
                List<String> ids = survey.questions().stream().map(Question::id).toList();
                setSurvey(new DesktopState.Survey(callId, -1, ids, ""));
            }

            @Override
            public void question(String callId, int index) {
                update(s -> s.survey() == null || !s.survey().callId().equals(callId)
                        ? s
                        : withSurvey(
                                s,
                                new DesktopState.Survey(
                                        callId,
                                        index,
                                        s.survey().questionIds(),
                                        s.survey().keys())));
            }

            @Override
            public void key(String callId, char key) {
                update(s -> s.survey() == null || !s.survey().callId().equals(callId)
                        ? s
                        : withSurvey(
                                s,
                                new DesktopState.Survey(
                                        callId,
                                        s.survey().question(),
                                        s.survey().questionIds(),
                                        s.survey().keys() + key)));
            }
        };
    }

    private void setSurvey(DesktopState.Survey survey) {
        update(s -> withSurvey(s, survey));
    }

    private static DesktopState withSurvey(DesktopState s, DesktopState.Survey survey) {
        return new DesktopState(
                s.headset(), s.devices(), s.link(), s.call(), survey, s.lastSurvey(), s.scores(), s.program());
    }

    private static DesktopState with(DesktopState s, DesktopState.Headset headset) {
        return new DesktopState(
                headset, s.devices(), s.link(), s.call(), s.survey(), s.lastSurvey(), s.scores(), s.program());
    }

    // Subscribers are told inside the lock so that they see the snapshots in order; they only hand them on.
    private synchronized void update(UnaryOperator<DesktopState> change) {
        DesktopState next = change.apply(state);
        if (next.equals(state)) {
            return;
        }
        state = next;
        for (Consumer<DesktopState> s : subscribers) {
            s.accept(next);
        }
    }
}
