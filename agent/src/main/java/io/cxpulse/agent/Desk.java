package io.cxpulse.agent;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.call.CallReporter;
import io.cxpulse.agent.call.CallSummary;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.call.CallerNumbers;
import io.cxpulse.agent.call.RepeatCallers;
import io.cxpulse.agent.call.SurveyPolicy;
import io.cxpulse.agent.headset.HeadsetListener;
import io.cxpulse.agent.link.LinkStatus;
import io.cxpulse.agent.link.ServerLink;
import io.cxpulse.agent.outbox.Outbox;
import io.cxpulse.agent.program.ProgramKeeper;
import io.cxpulse.agent.survey.PromptLibrary;
import io.cxpulse.agent.survey.SurveyDefinition;
import io.cxpulse.agent.survey.SurveyOutcome;
import io.cxpulse.agent.survey.SurveyRunner;
import io.cxpulse.protocol.AgentScores;
import io.cxpulse.protocol.SurveyProgram;
import io.cxpulse.protocol.SurveyProgramReady;
import io.cxpulse.protocol.SurveyResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * One agent's desk, assembled: whatever headset is attached reports to the call tracker; every finished call goes to
 * the server, and every eligible one gets its survey on the line; all events pass through the durable outbox and the
 * link. The headset and the line are plugged in from outside, so the same desk runs with a USB headset and a sound
 * device, or with a fake headset and a fake line.
 */
public final class Desk implements AutoCloseable {

    /** Where the survey of a call is played: opens the line for it, and says in which language, if known. */
    public interface SurveyLine {
        Line open(CallSummary call);

        /** Opens the line for {@code survey}, the survey this call is asked. */
        default Line open(CallSummary call, SurveyDefinition survey) {
            return open(call);
        }

        /** The survey's language for this call; null lets the caller choose, or takes the survey's default. */
        default String language(CallSummary call) {
            return null;
        }

        /** The call is not surveyed; a line that holds the caller lets go of the call. */
        default void skipped(CallSummary call) {}
    }

    /** Who the agent is and where events go. */
    public record Identity(List<URI> servers, String agentId, String token, SSLContext tls) {
        public Identity {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no server");
            }
        }

        /** One server. */
        public Identity(URI server, String agentId, String token, SSLContext tls) {
            this(List.of(server), agentId, token, tls);
        }

        /** One server, trusting the system's certificate authorities. */
        public Identity(URI server, String agentId, String token) {
            this(server, agentId, token, null);
        }

        /** The first server, where the link starts. */
        public URI server() {
            return servers.get(0);
        }
    }

    /** The survey the next call is asked: the agent's own, or a survey program's version, with its rule. */
    private record ActiveSurvey(SurveyDefinition survey, Integer version, SurveyPolicy policy) {}

    private final Identity identity;
    private final PromptLibrary prompts;
    private final SurveyPolicy localPolicy;
    private volatile ActiveSurvey active;
    private volatile Consumer<ProgramKeeper.Ready> programListener = r -> {};
    private ProgramKeeper programs;
    private final Outbox outbox;
    private final ServerLink link;
    private final CallTracker tracker;
    private final ExecutorService surveys;
    private final AtomicInteger surveysDone = new AtomicInteger();
    private final RepeatCallers callers;

    public Desk(
            Identity identity,
            Path outboxDir,
            SurveyDefinition survey,
            PromptLibrary prompts,
            SurveyPolicy policy,
            SurveyLine line,
            Consumer<LinkStatus> linkStatus)
            throws IOException {
        this(identity, outboxDir, survey, prompts, policy, line, linkStatus, SurveyRunner.Progress.NONE, r -> {});
    }

    /**
     * As above, also telling {@code progress} how each survey goes and {@code results} every survey's result (on the
     * survey's thread), for the agent's status window.
     */
    public Desk(
            Identity identity,
            Path outboxDir,
            SurveyDefinition survey,
            PromptLibrary prompts,
            SurveyPolicy policy,
            SurveyLine line,
            Consumer<LinkStatus> linkStatus,
            SurveyRunner.Progress progress,
            Consumer<SurveyOutcome> results)
            throws IOException {
        this.identity = identity;
        this.prompts = prompts;
        this.localPolicy = policy;
        this.active = new ActiveSurvey(survey, null, policy);
        this.outbox = Outbox.open(outboxDir);
        this.link = new ServerLink(
                identity.servers(), identity.agentId(), identity.token(), outbox, linkStatus, identity.tls());
        this.callers = new RepeatCallers(identity.agentId(), link::checkCaller, Clock.systemUTC());
        link.onCallerCheckAnswer(callers::answered);
        prompts.preload(survey);
        this.surveys = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cx-survey-" + identity.agentId());
            t.setDaemon(true);
            return t;
        });
        SurveyRunner runner = new SurveyRunner(prompts, Clock.systemUTC(), results, progress);
        CallReporter.PostCallSurvey postCall = new CallReporter.PostCallSurvey() {
            @Override
            public SurveyOutcome run(CallSummary call) {
                // The survey as it is now: a program version arriving meanwhile is for the next call.
                ActiveSurvey asked = active;
                return runSurvey(runner, asked.survey(), line, call).withVersion(asked.version());
            }

            @Override
            public void skipped(CallSummary call) {
                line.skipped(call);
            }
        };
        // A survey counts as done once its result is durably queued, so that the count never runs ahead of the outbox.
        CallReporter reporter = new CallReporter(
                identity.agentId(),
                () -> active.policy(),
                (call, rule) -> callers.history(call, rule.repeatDays()),
                postCall,
                surveys,
                event -> {
                    link.submit(event);
                    if (event instanceof SurveyResult s) {
                        callers.surveyed(s.callerHash(), s.endMs());
                        surveysDone.incrementAndGet();
                    }
                });
        this.tracker = new CallTracker(() -> UUID.randomUUID().toString(), reporter);
    }

    private static SurveyOutcome runSurvey(
            SurveyRunner runner, SurveyDefinition survey, SurveyLine source, CallSummary call) {
        try (Line line = source.open(call, survey)) {
            String language = source.language(call);
            // A survey program may not have the desk's language: its own default (or the caller's choice) then.
            if (language != null && !survey.languages().contains(language)) {
                language = null;
            }
            return runner.run(line, survey, language, call.callId());
        }
    }

    /** Told (on the link's thread) whenever the server sends this agent's own scores; set before {@link #start()}. */
    public void onScores(Consumer<AgentScores> listener) {
        link.onScores(listener);
    }

    /**
     * Asks the survey program the server sends for the agent's team instead of the agent's own survey, keeping it in
     * {@code dir} for offline use and restarts (the one kept there is taken up at once). Call before {@link #start()}.
     */
    public void followPrograms(Path dir) throws IOException {
        programs = new ProgramKeeper(
                dir, identity.agentId(), identity.token(), link::server, identity.tls(), prompts, this::programReady);
        programs.loadFromDisk();
        link.onProgram(programs::receive);
    }

    /** Told (on the keeper's thread) whenever a survey program version is ready for the next call. */
    public void onProgram(Consumer<ProgramKeeper.Ready> listener) {
        this.programListener = listener;
    }

    private void programReady(ProgramKeeper.Ready ready) {
        SurveyProgram program = ready.program();
        SurveyProgram.Audience a = program.audience();
        SurveyPolicy rule = new SurveyPolicy(
                a.minTalkMs() == null ? localPolicy.minTalkMs() : a.minTalkMs(), a.samplePercent(), a.repeatDays());
        callers.salt(program.callerSalt());
        active = new ActiveSurvey(ready.survey(), program.version(), rule);
        link.programReady(new SurveyProgramReady(program.programId(), program.version()));
        programListener.accept(ready);
    }

    /** The survey program version the next call is asked, or null when it is the agent's own survey. */
    public Integer programVersion() {
        return active.version();
    }

    /** The id of the survey the next call is asked. */
    public String surveyId() {
        return active.survey().id();
    }

    /** Starts talking to the server. */
    public void start() {
        link.start();
    }

    /** What the active headset reports to. */
    public HeadsetListener headsetListener() {
        return tracker;
    }

    /**
     * The line knows the current call's caller: {@code number} is the caller's (or, for a call the agent placed, the
     * callee's) number as {@link CallerNumbers#of} normalises it. Hashed with the center's salt, it goes with the call
     * and its survey, never in clear; under a rule against repeat surveys the server is asked at once whether that
     * caller was surveyed recently. Never blocks: the question is sent by the link's thread. Without a number (an
     * anonymous caller, the USB line) or a salt (no survey program from the server yet) the caller stays unknown.
     */
    public void callerNumber(String number) {
        String hash = callers.hash(number);
        if (hash == null) {
            return;
        }
        String callId = tracker.identifyCaller(hash);
        if (callId != null) {
            callers.started(callId, hash, active.policy().repeatDays());
        }
    }

    /** The caller hung up while the agent was still talking: the call ends, unsurveyed, as ended by the caller. */
    public void callerHungUp(Instant at) {
        tracker.callerEnded(at);
    }

    public CallTracker.State callState() {
        return tracker.state();
    }

    /** Whether the agent's microphone is muted, as the headset last reported. */
    public boolean muted() {
        return tracker.muted();
    }

    public LinkStatus linkStatus() {
        return link.status();
    }

    /** Surveys run to their end so far, their results queued for the server. */
    public int surveys() {
        return surveysDone.get();
    }

    /** Events not yet acknowledged by the server. */
    public int pendingEvents() {
        return outbox.size();
    }

    /**
     * Waits until the surveys of the calls so far have run and the server has acknowledged every event.
     *
     * @return false when that did not happen within the timeout
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            surveys.submit(() -> {}).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
        while (outbox.size() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Waits for the surveys in progress; events still unacknowledged stay in the outbox for the next start. */
    @Override
    public void close() throws IOException {
        surveys.shutdown();
        try {
            surveys.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        if (programs != null) {
            programs.close();
        }
        outbox.close();
    }
}
