package io.cxpulse.agent.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives a {@link SurveyEngine} the way a line would, with prompts of known length and scheduled key presses. */
final class EngineDriver {
    static final int RATE = 8000;
    private static final int STEP = 160;
    private static final long DETECT = 320; // a receiver recognises a key about 40 ms after it starts

    private record Press(char key, long start, long end) {}

    final SurveyEngine engine;
    final List<List<String>> played = new ArrayList<>();
    private final Map<String, Double> lengths;
    private final List<Press> presses = new ArrayList<>();
    private double defaultLength = 2.0;
    private boolean noisy;
    private Long hangupAt;
    private long t;
    private SurveyEngine.PromptRequest current;
    private long currentStart;

    EngineDriver(SurveyDefinition survey, String language) {
        this(survey, language, Map.of());
    }

    EngineDriver(SurveyDefinition survey, String language, Map<String, Double> lengths) {
        this.engine = new SurveyEngine(survey, language, "call-1", Instant.parse("2026-01-01T10:00:00Z"), RATE);
        this.lengths = lengths;
    }

    /** Every prompt lasts this long unless given its own length. */
    EngineDriver promptSeconds(double seconds) {
        defaultLength = seconds;
        return this;
    }

    /** The caller's side has line noise, so the line never looks dead. */
    EngineDriver noisy() {
        noisy = true;
        return this;
    }

    /** Keys pressed 100 ms each, 100 ms apart, starting at {@code atSeconds}. */
    EngineDriver keys(double atSeconds, String keys) {
        long s = sample(atSeconds);
        for (char c : keys.toCharArray()) {
            presses.add(new Press(c, s, s + 800));
            s += 1600;
        }
        return this;
    }

    EngineDriver hangUpAt(double seconds) {
        hangupAt = sample(seconds);
        return this;
    }

    /** Runs until the survey ends (or 5 simulated minutes, which means a bug). */
    SurveyOutcome run() {
        runUntil(300);
        if (!engine.finished()) {
            throw new AssertionError("survey did not finish within 300 s");
        }
        return engine.result();
    }

    /** Runs until {@code seconds} of line time have passed or the survey ends. */
    void runUntil(double seconds) {
        long limit = sample(seconds);
        while (t < limit && !engine.finished()) {
            step();
        }
    }

    private void step() {
        long end = t + STEP;
        syncPrompt();
        if (current != null) {
            long length = 0;
            for (String s : current.sources()) {
                length += sample(lengths.getOrDefault(s, defaultLength));
            }
            if (currentStart + length <= end) {
                engine.promptEnded(current.id(), currentStart + length);
                current = null;
                syncPrompt();
            }
        }
        for (Press p : presses) {
            if (p.start() + DETECT >= t && p.start() + DETECT < end) {
                engine.keyDown(p.key(), p.start());
            }
            if (p.end() >= t && p.end() < end) {
                engine.key(p.key(), p.start(), p.end());
            }
        }
        if (hangupAt != null && hangupAt >= t && hangupAt < end) {
            engine.hangUp(HangupCause.BUSY_TONE, hangupAt);
        }
        if (noisy) {
            engine.heard(end);
        }
        engine.tick(end);
        t = end;
    }

    private void syncPrompt() {
        SurveyEngine.PromptRequest wanted = engine.prompt();
        if (wanted == null) {
            current = null;
        } else if (current == null || current.id() != wanted.id()) {
            current = wanted;
            currentStart = t;
            played.add(shortNames(wanted.sources()));
        }
    }

    /** "classpath:prompts/en/csat.wav" becomes "en/csat". */
    private static List<String> shortNames(List<String> sources) {
        List<String> out = new ArrayList<>();
        for (String s : sources) {
            String n = s.replace("classpath:prompts/", "").replace(".wav", "");
            out.add(n);
        }
        return out;
    }

    static long sample(double seconds) {
        return Math.round(seconds * RATE);
    }
}
