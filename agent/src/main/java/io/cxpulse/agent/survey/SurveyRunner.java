package io.cxpulse.agent.survey;

import io.cxpulse.agent.audio.Line;
import io.cxpulse.agent.dtmf.DtmfEvent;
import io.cxpulse.agent.dtmf.DtmfListener;
import io.cxpulse.agent.dtmf.DtmfReceiver;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a survey on a {@link Line}: plays the engine's prompts, decodes the caller's keys, listens for busy tones
 * and the line's release, and hands every result (incomplete ones included) to the result consumer. Everything is
 * timed by the samples read from the line, in 20 ms frames, so a {@link io.cxpulse.agent.audio.FakeLine} runs
 * faster than real time and always the same way.
 *
 * <p>Thread-safe: several threads may run surveys at once, each on its own line, provided the result consumer is
 * thread-safe too.
 */
public final class SurveyRunner {
    /** Samples per step: 20 ms at 8 kHz. */
    public static final int FRAME = 160;

    /**
     * Caller audio above this RMS (about -61 dBFS) means someone is still on the line: a live line carries at least
     * that much noise, a released one is digital silence or close to it.
     */
    static final double HEARD_RMS = 30;

    private static final Logger log = LoggerFactory.getLogger(SurveyRunner.class);

    private final PromptLibrary prompts;
    private final Clock clock;
    private final Consumer<SurveyOutcome> results;
    private final Progress progress;

    /**
     * What a running survey shows as it goes, for the agent's status window. Called on the survey's thread:
     * implementations hand the news on and return at once.
     */
    public interface Progress {
        /** A survey started on a call's line. */
        void started(String callId, SurveyDefinition survey);

        /** The survey moved to a question (0-based index into the survey's questions). */
        void question(String callId, int index);

        /** A key was heard from the caller. */
        void key(String callId, char key);

        /** Reports nothing. */
        Progress NONE = new Progress() {
            @Override
            public void started(String callId, SurveyDefinition survey) {}

            @Override
            public void question(String callId, int index) {}

            @Override
            public void key(String callId, char key) {}
        };
    }

    /**
     * @param prompts where prompt audio comes from (share one across runners)
     * @param clock stamps each result's start; the survey itself runs on the line's sample clock
     * @param results receives every result, incomplete ones included
     */
    public SurveyRunner(PromptLibrary prompts, Clock clock, Consumer<SurveyOutcome> results) {
        this(prompts, clock, results, Progress.NONE);
    }

    /** As above, telling {@code progress} how each survey goes. */
    public SurveyRunner(PromptLibrary prompts, Clock clock, Consumer<SurveyOutcome> results, Progress progress) {
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.results = Objects.requireNonNull(results, "results");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * Runs one survey to its end on the line (the line is not closed).
     *
     * @param language {@code en}, {@code zh}, ... or null to let the caller choose when the survey offers a
     *     language choice (else the survey's default language)
     * @return the result, also handed to the result consumer
     * @throws IllegalArgumentException when the survey has no such language
     * @throws java.io.UncheckedIOException when a prompt cannot be read (checked before anything is played)
     */
    public SurveyOutcome run(Line line, SurveyDefinition survey, String language, String callId) {
        prompts.preload(survey);
        Instant start = clock.instant();
        SurveyEngine engine = new SurveyEngine(survey, language, callId, start, Line.SAMPLE_RATE);
        progress.started(callId, survey);
        DtmfListener keys = new DtmfListener() {
            @Override
            public void keyDown(char key, long startSample) {
                engine.keyDown(key, startSample);
            }

            @Override
            public void key(DtmfEvent event) {
                log.debug("call {}: key {} at sample {}", callId, event.key(), event.startSample());
                progress.key(callId, event.key());
                engine.key(event.key(), event.startSample(), event.endSample());
            }
        };
        DtmfReceiver receiver = new DtmfReceiver(Line.SAMPLE_RATE, keys);
        HangupToneDetector tones = new HangupToneDetector(Line.SAMPLE_RATE);
        try {
            loop(line, engine, receiver, keys, tones, callId);
        } catch (RuntimeException e) {
            // A failing device must not lose the answers so far: the survey ends there and its result is kept.
            log.warn("call {}: the line failed during the survey: {}", callId, e.toString());
            engine.hangUp(HangupCause.LINE_ERROR, engine.now());
        }
        SurveyOutcome result = engine.result();
        log.info(
                "call {}: survey {} {} in {} ({} answers)",
                callId,
                survey.id(),
                result.status().wire(),
                result.language(),
                result.answers().size());
        results.accept(result);
        return result;
    }

    private void loop(
            Line line,
            SurveyEngine engine,
            DtmfReceiver receiver,
            DtmfListener keys,
            HangupToneDetector tones,
            String callId) {
        int question = -1;
        short[] out = new short[FRAME];
        short[] in = new short[FRAME];
        long t = 0;
        SurveyEngine.PromptRequest playing = null;
        short[] audio = null;
        int position = 0;
        while (!engine.finished()) {
            SurveyEngine.PromptRequest wanted = engine.prompt();
            if (wanted == null || playing == null || wanted.id() != playing.id()) {
                if (playing != null) {
                    line.discardQueued(); // barge-in or a new prompt: the caller should not hear the rest
                }
                playing = wanted;
                audio = wanted == null ? null : concat(wanted);
                position = 0;
            }
            int n = 0;
            if (audio != null) {
                n = Math.min(FRAME, audio.length - position);
                System.arraycopy(audio, position, out, 0, n);
                position += n;
            }
            Arrays.fill(out, n, FRAME, (short) 0);
            line.write(out, 0, FRAME);
            if (audio != null && position >= audio.length) {
                engine.promptEnded(playing.id(), t + n);
                playing = null;
                audio = null;
            }

            if (line.read(in, 0, FRAME) < 0 || line.released()) {
                engine.hangUp(HangupCause.LINE_SIGNAL, t);
                break;
            }
            receiver.process(in, 0, FRAME);
            line.takeKeys(keys); // out-of-band keys (RFC 4733), where the line carries them
            long busyAt = tones.process(in, 0, FRAME);
            if (busyAt >= 0) {
                engine.hangUp(HangupCause.BUSY_TONE, busyAt);
                break;
            }
            t += FRAME;
            if (rms(in) > HEARD_RMS) {
                engine.heard(t);
            }
            engine.tick(t);
            if (engine.questionIndex() != question && engine.questionIndex() >= 0) {
                question = engine.questionIndex();
                progress.question(callId, question);
            }
        }
    }

    private short[] concat(SurveyEngine.PromptRequest request) {
        if (request.sources().size() == 1) {
            return prompts.audio(request.sources().get(0));
        }
        int n = 0;
        for (String s : request.sources()) {
            n += prompts.audio(s).length;
        }
        short[] all = new short[n];
        int at = 0;
        for (String s : request.sources()) {
            short[] a = prompts.audio(s);
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / pcm.length);
    }
}
