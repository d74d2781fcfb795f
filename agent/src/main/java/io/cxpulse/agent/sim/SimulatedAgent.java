package io.cxpulse.agent.sim;

import io.cxpulse.agent.audio.VirtualLine;
import io.cxpulse.agent.call.CallReporter;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.headset.HeadsetStateMachine;
import io.cxpulse.agent.headset.VirtualHeadset;
import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyResult;
import io.cxpulse.agent.survey.SurveyRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent of the simulated fleet, built from the real parts: a {@link VirtualHeadset} (the real descriptor parser
 * and headset state machine over an in-memory HID device), the real call tracker, the real survey runner on a
 * {@link VirtualLine} whose caller keys real touch-tones, the durable outbox and the WebSocket link. Only the person
 * at the desk and the caller on the line are simulated.
 */
public final class SimulatedAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedAgent.class);

    private static final double LINE_HISS_RMS = 50;

    private final AgentCredentials credentials;
    private final Pace pace;
    private final RandomGenerator random;
    private final CallerProfile profile;
    private final SimulatedCaller caller;
    private final Outbox outbox;
    private final ServerLink link;
    private final VirtualHeadset headset;
    private final AtomicInteger surveys = new AtomicInteger();

    /** Timing of the simulated person: {@code speed} 2 makes every pause half as long. */
    public record Pace(double speed, long minTalkMs, long maxTalkMs, long minIdleMs, long maxIdleMs) {
        public static final Pace DEMO = new Pace(1, 10_000, 28_000, 2_000, 8_000);

        public Pace {
            if (!(speed > 0) || minTalkMs < 0 || maxTalkMs < minTalkMs || minIdleMs < 0 || maxIdleMs < minIdleMs) {
                throw new IllegalArgumentException("invalid pace " + speed + " " + minTalkMs + ".." + maxTalkMs);
            }
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
            Executor surveyExecutor,
            long seed)
            throws IOException {
        this.credentials = credentials;
        this.pace = pace;
        this.random = new java.util.SplittableRandom(seed);
        this.profile = CallerProfile.forAgent(index, random);
        this.caller = new SimulatedCaller(new java.util.SplittableRandom(seed ^ 0x5DEECE66DL));
        this.outbox = Outbox.open(outboxDir);
        this.link = new ServerLink(
                server,
                credentials.agentId(),
                credentials.token(),
                outbox,
                status -> log.debug(
                        "Agent {}: {} {} ({} pending)",
                        credentials.agentId(),
                        status.state(),
                        status.detail(),
                        status.pendingEvents()));
        SurveyRunner runner = new SurveyRunner(prompts, Clock.systemUTC(), r -> surveys.incrementAndGet());
        CallReporter reporter = new CallReporter(
                credentials.agentId(),
                // The pace compresses the calls, so the talk-time rule is compressed with them.
                new SurveyPolicy(Math.round(SurveyPolicy.DEFAULT.minTalkMs() / pace.speed())),
                call -> runSurvey(runner, survey, call),
                surveyExecutor,
                link::submit);
        CallTracker tracker = new CallTracker(() -> UUID.randomUUID().toString(), reporter);
        this.headset = VirtualHeadset.create(
                tracker,
                Clock.systemUTC(),
                Duration.ofNanos(Math.round(HeadsetStateMachine.DEFAULT_ECHO_WINDOW.toNanos() / pace.speed())));
    }

    private SurveyResult runSurvey(SurveyRunner runner, SurveyDefinition survey, CallSummary call) {
        SimulatedCaller.Plan plan = caller.plan(profile);
        String language = random.nextDouble() < 0.3 ? "zh" : "en";
        // A caller who stays on the line is never digitally silent: the line's hiss tells the survey someone is
        // there, so a caller who keys nothing is "no input", not a hang-up.
        VirtualLine line = new VirtualLine(caller.audio(plan), -1, LINE_HISS_RMS, random.nextLong());
        return runner.run(line, survey, language, call.callId());
    }

    public String agentId() {
        return credentials.agentId();
    }

    public void start() {
        link.start();
    }

    /** Surveys finished so far. */
    public int surveys() {
        return surveys.get();
    }

    /** Events not yet acknowledged by the server. */
    public int pendingEvents() {
        return outbox.size();
    }

    /** Takes one call from ring to hang-up, in real time scaled by the pace; the survey then runs on its own. */
    public void takeCall() throws InterruptedException {
        headset.ring(true);
        pause(500, 2_000);
        headset.hookOff();
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
        link.close();
        outbox.close();
    }
}
