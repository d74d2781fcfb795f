package io.cxpulse.agent.sim;

import io.cxpulse.agent.Desk;
import io.cxpulse.agent.audio.FakeLine;
import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent of the simulated fleet: a real {@link Desk} (call tracking, survey runner, DTMF receiver, outbox, link)
 * with a {@link FakeHeadset} (the real descriptor parser and headset state machine over an in-memory HID device)
 * and a {@link FakeLine} whose caller keys real touch-tones. Only the person at the desk and the caller on the
 * line are simulated.
 */
public final class SimulatedAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedAgent.class);
    /** A caller who stays on the line is never digitally silent: the hiss tells the survey someone is there. */
    private static final double LINE_HISS_RMS = 50;

    private final AgentCredentials credentials;
    private final Pace pace;
    private final RandomGenerator random;
    private final Desk desk;
    private final FakeHeadset headset;

    /** Timing of the simulated person: {@code speed} 2 makes every pause half as long. */
    public record Pace(double speed, long minTalkMs, long maxTalkMs, long minIdleMs, long maxIdleMs) {
        public static final Pace DEMO = new Pace(1, 10_000, 28_000, 2_000, 8_000);

        public Pace {
            if (!(speed > 0) || minTalkMs < 0 || maxTalkMs < minTalkMs || minIdleMs < 0 || maxIdleMs < minIdleMs) {
                throw new IllegalArgumentException("invalid pace " + speed + " " + minTalkMs + ".." + maxTalkMs);
            }
        }

        public Pace withSpeed(double value) {
            return new Pace(value, minTalkMs, maxTalkMs, minIdleMs, maxIdleMs);
        }

        long between(RandomGenerator random, long min, long max) {
            return min + (max > min ? random.nextLong(max - min + 1) : 0);
        }
    }

    public SimulatedAgent(
            AgentCredentials credentials,
            int index,
            URI server,
            Path outboxDir,
            Pace pace,
            SurveyDefinition survey,
            PromptLibrary prompts,
            long seed)
            throws IOException {
        this.credentials = credentials;
        this.pace = pace;
        this.random = new SplittableRandom(seed);
        this.desk = new Desk(
                new Desk.Identity(server, credentials.agentId(), credentials.token()),
                outboxDir,
                survey,
                prompts,
                // The pace compresses the calls, so the talk-time rule is compressed with them.
                new SurveyPolicy(Math.round(SurveyPolicy.DEFAULT.minTalkMs() / pace.speed())),
                new CallerOnTheLine(CallerProfile.forAgent(index, random), new SplittableRandom(seed ^ 0x5DEECE66DL)),
                status -> log.debug(
                        "Agent {}: {} {} ({} pending)",
                        credentials.agentId(),
                        status.state(),
                        status.detail(),
                        status.pendingEvents()));
        desk.followPrograms(outboxDir.resolveSibling(outboxDir.getFileName() + ".program"));
        this.headset = FakeHeadset.create(
                desk.headsetListener(),
                Clock.systemUTC(),
                Duration.ofNanos(Math.round(HeadsetStateMachine.DEFAULT_ECHO_WINDOW.toNanos() / pace.speed())));
    }

    /** The simulated caller of each call: picks a language, plans the answers and keys them on a fake line. */
    private static final class CallerOnTheLine implements Desk.SurveyLine {
        private final CallerProfile profile;
        private final SplittableRandom random;
        private final SimulatedCaller caller;
        private final Map<String, String> languages = new ConcurrentHashMap<>();

        CallerOnTheLine(CallerProfile profile, SplittableRandom random) {
            this.profile = profile;
            this.random = random;
            this.caller = new SimulatedCaller(random.split());
        }

        @Override
        public synchronized Line open(CallSummary call) {
            languages.put(call.callId(), random.nextDouble() < 0.3 ? "zh" : "en");
            return new FakeLine(caller.audio(caller.plan(profile)), -1, LINE_HISS_RMS, random.nextLong());
        }

        @Override
        public synchronized Line open(CallSummary call, SurveyDefinition survey) {
            boolean zh = random.nextDouble() < 0.3 && survey.languages().contains("zh");
            languages.put(call.callId(), zh ? "zh" : survey.defaultLanguage());
            SimulatedCaller.Plan plan = caller.plan(profile);
            short[] audio = caller.audio(SimulatedCaller.answerKeys(plan, survey), plan.hangsUp());
            return new FakeLine(audio, -1, LINE_HISS_RMS, random.nextLong());
        }

        @Override
        public String language(CallSummary call) {
            return languages.remove(call.callId());
        }
    }

    public String agentId() {
        return credentials.agentId();
    }

    public void start() {
        desk.start();
    }

    /** The survey program version the next call is asked, or null while it is the agent's own survey. */
    public Integer programVersion() {
        return desk.programVersion();
    }

    /** Surveys finished so far. */
    public int surveys() {
        return desk.surveys();
    }

    /** Waits until every survey has run and every event is acknowledged. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return desk.awaitIdle(timeout);
    }

    /** Takes one call from ring to hang-up, in real time scaled by the pace; the survey then runs on its own. */
    public void takeCall() throws InterruptedException {
        takeCall(null);
    }

    /**
     * As {@link #takeCall()}, from a caller whose number the line knows ({@code +} and digits; null: not known), as
     * a SIP line tells the desk once the call is answered.
     */
    public void takeCall(String callerNumber) throws InterruptedException {
        headset.ring(true);
        pause(500, 2_000);
        headset.hookOff();
        if (callerNumber != null) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (desk.callState() == CallTracker.State.IDLE && System.nanoTime() < deadline) {
                Thread.sleep(5); // the headset's report reaches the desk on the HID thread
            }
            desk.callerNumber(callerNumber);
        }
        long talk = pace.between(random, pace.minTalkMs(), pace.maxTalkMs());
        long elapsed = 0;
        if (random.nextDouble() < 0.4) {
            long before = talk / 4 + random.nextLong(talk / 4 + 1);
            long muted = Math.min(talk / 4, 1_000 + random.nextLong(4_000));
            pause(before);
            headset.pressMute();
            pause(muted);
            headset.pressMute();
            elapsed += before + muted;
        }
        if (random.nextDouble() < 0.15) {
            long held = 2_000 + random.nextLong(4_000);
            headset.hold(true);
            pause(held);
            headset.hold(false);
            talk += held;
        }
        pause(Math.max(0, talk - elapsed));
        headset.hookOn();
    }

    /** Waits between calls. */
    public void idle() throws InterruptedException {
        pause(pace.minIdleMs(), pace.maxIdleMs());
    }

    private void pause(long minMs, long maxMs) throws InterruptedException {
        pause(pace.between(random, minMs, maxMs));
    }

    private void pause(long ms) throws InterruptedException {
        long scaled = Math.round(ms / pace.speed());
        if (scaled > 0) {
            Thread.sleep(scaled);
        }
    }

    @Override
    public void close() throws IOException {
        headset.close();
        desk.close();
    }
}
