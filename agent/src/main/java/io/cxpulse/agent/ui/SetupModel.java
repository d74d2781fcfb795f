package io.cxpulse.agent.ui;

import io.cxpulse.agent.audio.AudioDeviceException;
import io.cxpulse.agent.config.AgentPaths;
import io.cxpulse.agent.config.DeskSetup;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.survey.LineSelfTest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first-run set-up as data, without Swing: it finds the headset and the line devices, runs the line self-test,
 * trades the enrolment code for the agent's token and writes the configuration. Every step runs on the model's own
 * thread, one at a time; the window only asks for steps and shows the {@link State} snapshots the model sends its
 * subscribers. Tests drive it headless.
 */
public final class SetupModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SetupModel.class);

    /**
     * What the set-up works with.
     *
     * @param hid where headsets are looked for
     * @param configFile where the configuration is written
     * @param paths this user's directories (the data directory goes into the configuration)
     * @param hidSysfs written as {@code hid.sysfs}
     * @param hidDev written as {@code hid.dev}
     */
    public record Parts(HidBackend hid, Path configFile, AgentPaths paths, Path hidSysfs, Path hidDev) {
        public Parts {
            Objects.requireNonNull(hid);
            Objects.requireNonNull(configFile);
            Objects.requireNonNull(paths);
            Objects.requireNonNull(hidSysfs);
            Objects.requireNonNull(hidDev);
        }
    }

    /** What the model is doing. */
    public enum Task {
        NONE,
        SCANNING,
        TESTING,
        ENROLLING
    }

    /** Which step a problem stopped at. */
    public enum Step {
        SERVER,
        CODE,
        DEVICES,
        SELF_TEST,
        ENROL,
        WRITE
    }

    /** Why finishing stopped: the step, and the detail (the server's or the system's words), may be empty. */
    public record Problem(Step step, String detail) {}

    /**
     * The line self-test's result on two devices.
     *
     * @param error the devices could not be opened (then passed is false and findings empty)
     */
    public record SelfTest(String playback, String capture, boolean passed, List<String> findings, String error) {
        public SelfTest {
            findings = List.copyOf(findings);
        }
    }

    /**
     * One snapshot of the set-up.
     *
     * @param task what runs now
     * @param scanned whether headsets and devices were looked for at least once
     * @param headset the headset found, or null
     * @param headsetError why headsets could not be looked for, or null
     * @param devices the line devices found
     * @param selfTest the last self-test, or null
     * @param problem why the last attempt to finish stopped, or null
     * @param enrolledAs the agent's id and name once enrolled, or null
     * @param written the configuration file once written, or null
     */
    public record State(
            Task task,
            boolean scanned,
            DeskSetup.Headset headset,
            String headsetError,
            DeskSetup.Devices devices,
            SelfTest selfTest,
            Problem problem,
            String enrolledAs,
            Path written) {
        static State initial() {
            return new State(
                    Task.NONE, false, null, null, new DeskSetup.Devices(List.of(), List.of()), null, null, null, null);
        }

        State task(Task t) {
            return new State(t, scanned, headset, headsetError, devices, selfTest, problem, enrolledAs, written);
        }
    }

    /** What the agent typed and picked. */
    public record Answers(String server, String code, String playback, String capture, Locale locale) {}

    private final Parts parts;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cx-setup");
        t.setDaemon(true);
        return t;
    });
    private final List<Consumer<State>> subscribers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Optional<Path>> done = new CompletableFuture<>();
    private State state = State.initial();

    public SetupModel(Parts parts) {
        this.parts = parts;
    }

    public synchronized State state() {
        return state;
    }

    /** Tells {@code subscriber} the snapshot now and every new one, on the thread that made it; return at once. */
    public void subscribe(Consumer<State> subscriber) {
        synchronized (this) {
            subscribers.add(subscriber);
            subscriber.accept(state);
        }
    }

    /** Completes with the configuration file once written, or empty when the set-up was closed before that. */
    public CompletableFuture<Optional<Path>> done() {
        return done;
    }

    /** Looks for the headset and the line devices. */
    public void scan() {
        submit(Task.SCANNING, this::doScan);
    }

    /** Runs the line self-test on two devices. */
    public void selfTest(String playback, String capture) {
        submit(Task.TESTING, () -> doSelfTest(playback, capture));
    }

    /**
     * Checks the answers, runs the self-test unless it passed on these devices, enrols and writes the configuration;
     * nothing is written unless every step passed.
     */
    public void finish(Answers answers) {
        submit(Task.ENROLLING, () -> doFinish(answers));
    }

    /** The set-up was closed: {@link #done()} completes empty unless the configuration was written. */
    @Override
    public void close() {
        done.complete(Optional.empty());
        worker.shutdownNow();
    }

    private void submit(Task task, Runnable step) {
        synchronized (this) {
            if (state.task() != Task.NONE || state.written() != null || done.isDone()) {
                return; // one step at a time; nothing after the end
            }
            set(state.task(task));
        }
        worker.execute(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                log.warn("set-up step failed: {}", e.toString(), e);
            } finally {
                update(s -> s.task(Task.NONE));
            }
        });
    }

    private void doScan() {
        DeskSetup.Headset headset = null;
        String error = null;
        try {
            headset = DeskSetup.headset(parts.hid(), null).orElse(null);
        } catch (RuntimeException e) {
            error = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        DeskSetup.Devices devices = DeskSetup.devices();
        DeskSetup.Headset h = headset;
        String err = error;
        update(s -> new State(s.task(), true, h, err, devices, s.selfTest(), s.problem(), s.enrolledAs(), null));
    }

    private SelfTest doSelfTest(String playback, String capture) {
        SelfTest result;
        if (blank(playback) || blank(capture)) {
            result = new SelfTest(playback, capture, false, List.of(), "choose a playback and a capture device");
        } else {
            try {
                LineSelfTest.Report report = DeskSetup.selfTest(playback, capture);
                result = new SelfTest(playback, capture, report.passed(), report.findings(), null);
            } catch (AudioDeviceException e) {
                result = new SelfTest(playback, capture, false, List.of(), e.getMessage());
            }
        }
        SelfTest r = result;
        update(s -> new State(
                s.task(), s.scanned(), s.headset(), s.headsetError(), s.devices(), r, null, s.enrolledAs(), null));
        return r;
    }

    private void doFinish(Answers a) {
        URI server;
        try {
            server = DeskSetup.serverAddress(a.server());
        } catch (IllegalArgumentException e) {
            stop(new Problem(Step.SERVER, e.getMessage()));
            return;
        }
        if (blank(a.code())) {
            stop(new Problem(Step.CODE, ""));
            return;
        }
        if (blank(a.playback()) || blank(a.capture())) {
            stop(new Problem(Step.DEVICES, ""));
            return;
        }
        SelfTest last = state().selfTest();
        boolean passedHere = last != null
                && last.passed()
                && last.playback().equals(a.playback())
                && last.capture().equals(a.capture());
        if (!passedHere) {
            update(s -> s.task(Task.TESTING));
            SelfTest t = doSelfTest(a.playback(), a.capture());
            update(s -> s.task(Task.ENROLLING));
            if (!t.passed()) {
                stop(new Problem(Step.SELF_TEST, ""));
                return;
            }
        }
        DeskSetup.Enrolled enrolled;
        try {
            enrolled = DeskSetup.enrol(server, a.code());
        } catch (IOException e) {
            stop(new Problem(Step.ENROL, e.getMessage()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String who = enrolled.agentId() + " (" + enrolled.displayName() + ")";
        Path file = parts.configFile();
        try {
            DeskSetup.write(
                    file,
                    DeskSetup.config(
                            server,
                            enrolled.agentId(),
                            null,
                            a.playback(),
                            a.capture(),
                            null,
                            parts.paths(),
                            a.locale(),
                            parts.hidSysfs(),
                            parts.hidDev()),
                    enrolled.token());
        } catch (IOException | IllegalArgumentException e) {
            update(s -> new State(
                    s.task(),
                    s.scanned(),
                    s.headset(),
                    s.headsetError(),
                    s.devices(),
                    s.selfTest(),
                    new Problem(Step.WRITE, e.getMessage()),
                    who,
                    null));
            return;
        }
        log.info("Set up as agent {}; configuration written to {}", enrolled.agentId(), file);
        update(s -> new State(
                s.task(), s.scanned(), s.headset(), s.headsetError(), s.devices(), s.selfTest(), null, who, file));
        done.complete(Optional.of(file));
    }

    private void stop(Problem problem) {
        update(s -> new State(
                s.task(), s.scanned(), s.headset(), s.headsetError(), s.devices(), s.selfTest(), problem, null, null));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void update(UnaryOperator<State> change) {
        synchronized (this) {
            set(change.apply(state));
        }
    }

    /** Under the lock: replaces the snapshot and tells the subscribers in order. */
    private void set(State next) {
        state = next;
        for (Consumer<State> s : subscribers) {
            s.accept(next);
        }
    }
}
