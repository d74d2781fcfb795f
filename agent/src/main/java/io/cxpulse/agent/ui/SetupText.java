package io.cxpulse.agent.ui;

import io.cxpulse.agent.ui.StatusText.Line;
import io.cxpulse.agent.ui.StatusText.Tone;

/** Turns a {@link SetupModel.State} into the set-up window's lines in one language; tested headless. */
public final class SetupText {
    private final Texts texts;

    public SetupText(Texts texts) {
        this.texts = texts;
    }

    public Line headset(SetupModel.State s) {
        if (!s.scanned()) {
            return new Line(texts.get("setup.headset.looking"), Tone.INFO);
        }
        if (s.headsetError() != null) {
            return new Line(texts.get("setup.headset.error", s.headsetError()), Tone.ERROR);
        }
        if (s.headset() == null) {
            return new Line(texts.get("setup.headset.none"), Tone.WARN);
        }
        if (s.headset().problem() != null) {
            return new Line(
                    texts.get(
                            "setup.headset.problem",
                            s.headset().name(),
                            s.headset().problem()),
                    Tone.ERROR);
        }
        return new Line(
                texts.get("setup.headset.ok", s.headset().name(), s.headset().vidPid()), Tone.OK);
    }

    public Line devices(SetupModel.State s) {
        if (!s.scanned()) {
            return new Line(texts.get("setup.headset.looking"), Tone.INFO);
        }
        int playback = s.devices().playback().size();
        int capture = s.devices().capture().size();
        if (playback == 0 || capture == 0) {
            return new Line(texts.get("setup.devices.none"), Tone.ERROR);
        }
        return new Line(texts.get("setup.devices.found", playback, capture), Tone.OK);
    }

    public Line selfTest(SetupModel.State s) {
        if (s.task() == SetupModel.Task.TESTING) {
            return new Line(texts.get("setup.selftest.running"), Tone.INFO);
        }
        SetupModel.SelfTest t = s.selfTest();
        if (t == null) {
            return new Line(texts.get("setup.selftest.none"), Tone.INFO);
        }
        String detail = t.error() != null ? t.error() : String.join("; ", t.findings());
        return t.passed()
                ? new Line(texts.get("setup.selftest.passed", detail), Tone.OK)
                : new Line(texts.get("setup.selftest.failed", detail), Tone.ERROR);
    }

    /** What the set-up is doing or why it stopped; empty text when there is nothing to say. */
    public Line status(SetupModel.State s) {
        if (s.written() != null) {
            return new Line(texts.get("setup.done", s.enrolledAs()), Tone.OK);
        }
        if (s.task() == SetupModel.Task.ENROLLING) {
            return new Line(texts.get("setup.working"), Tone.INFO);
        }
        if (s.problem() != null) {
            return new Line(
                    texts.get(
                            "setup.problem." + s.problem().step().name(),
                            s.problem().detail()),
                    Tone.ERROR);
        }
        return new Line("", Tone.INFO);
    }
}
