package io.cxpulse.agent.ui;

import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.link.LinkStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the agent's window shows at one moment: an immutable snapshot that {@link DesktopModel} replaces whenever
 * the headset, the line, the link, the call or a survey changes.
 *
 * @param headset the active headset, or why there is none
 * @param devices the line devices the survey plays to and listens on
 * @param link the connection to the server and the events waiting in the outbox
 * @param call the call in progress
 * @param survey the survey running now, or null
 * @param lastSurvey the last survey's result on this desk, or null
 * @param scores the agent's own scores as the server last sent them, or null
 * @param program the survey program version the next call is asked, or null for the desk's own survey
 */
public record DesktopState(
        Headset headset,
        Devices devices,
        LinkStatus link,
        Call call,
        Survey survey,
        LastSurvey lastSurvey,
        Scores scores,
        Program program) {

    /** The state before anything is known. */
    public static DesktopState initial(String playback, String capture) {
        return new DesktopState(
                new Headset(null, false, null),
                new Devices(playback, capture, null, false),
                new LinkStatus(LinkStatus.State.CONNECTING, "", 0),
                new Call(CallTracker.State.IDLE, null, false),
                null,
                null,
                null,
                null);
    }

    /**
     * The active headset.
     *
     * @param name the device's name, null while no headset with call control has been seen
     * @param attached whether it is plugged in and open, so call control works
     * @param problem why it cannot be used (e.g. permission denied, with the exact fix), or null
     */
    public record Headset(String name, boolean attached, String problem) {}

    /**
     * The line devices.
     *
     * @param problem why they cannot be used, or null
     * @param checked whether they have been looked up yet
     */
    public record Devices(String playback, String capture, String problem, boolean checked) {}

    /**
     * The call in progress.
     *
     * @param since when it was answered, null when idle
     */
    public record Call(CallTracker.State state, Instant since, boolean muted) {
        public boolean held() {
            return state == CallTracker.State.HELD;
        }
    }

    /**
     * A survey running on the line.
     *
     * @param question the 0-based question being asked, -1 before the first (greeting, language choice)
     * @param questionIds the survey's questions, in order
     * @param keys the keys heard from the caller so far
     */
    public record Survey(String callId, int question, List<String> questionIds, String keys) {
        public Survey {
            questionIds = List.copyOf(questionIds);
        }
    }

    /**
     * A finished survey's result.
     *
     * @param status its wire status: completed, partial, no_input, abandoned
     * @param answers answered questions by id, in survey order
     */
    public record LastSurvey(String status, Map<String, Object> answers, Instant end) {}

    /**
     * The agent's own scores.
     *
     * @param today today's figures
     * @param week this week's figures
     * @param recent the agent's last few survey results, newest first
     */
    public record Scores(Period today, Period week, List<Recent> recent) {
        public Scores {
            recent = List.copyOf(recent);
        }
    }

    /**
     * Scores over one period.
     *
     * @param npsResponses n, the NPS answers counted
     * @param nps the NPS (-100..100), null without answers
     * @param npsMargin the NPS's 95% margin of error, null without answers
     * @param csatResponses the CSAT answers counted
     * @param csat the mean CSAT (1..5), null without answers
     */
    public record Period(int npsResponses, Double nps, Double npsMargin, int csatResponses, Double csat) {}

    /** A survey program version, as the server names it. */
    public record Program(String id, int version) {}

    /** One of the agent's recent survey results: when, and the answers given (yes/no answers as booleans). */
    public record Recent(Instant end, Map<String, Object> answers) {}
}
