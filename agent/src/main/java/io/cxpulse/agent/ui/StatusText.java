package io.cxpulse.agent.ui;

import io.cxpulse.agent.link.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link DesktopState} into the window's lines of text in one language: every word the agent reads is
 * decided here, without Swing, so that tests check it headless.
 */
public final class StatusText {

    /** How a line should look: fine, worth a glance, or needing action. */
    public enum Tone {
        OK,
        INFO,
        WARN,
        ERROR
    }

    /** One line of the window. */
    public record Line(String text, Tone tone) {}

    /** Every section of the window. */
    public record Lines(
            Line headset,
            Line headsetFix,
            Line devices,
            Line link,
            Line call,
            Line survey,
            Line program,
            Line lastSurvey,
            Line today,
            Line week,
            List<Line> recent) {}

    private final Texts texts;
    private final ZoneId zone;
    private final DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm");

    public StatusText(Texts texts, ZoneId zone) {
        this.texts = texts;
        this.zone = zone;
    }

    public Lines lines(DesktopState s, Instant now) {
        return new Lines(
                headset(s.headset()),
                headsetFix(s.headset()),
                devices(s.devices()),
                link(s.link()),
                call(s.call(), now),
                survey(s.survey()),
                program(s.program()),
                lastSurvey(s.lastSurvey()),
                period("scores.today", s.scores() == null ? null : s.scores().today()),
                period("scores.week", s.scores() == null ? null : s.scores().week()),
                recent(s.scores()));
    }

    private Line headset(DesktopState.Headset h) {
        if (h.attached()) {
            return new Line(texts.get("headset.ok", h.name()), Tone.OK);
        }
        if (h.problem() != null) {
            return new Line(
                    h.name() == null ? texts.get("headset.problem") : texts.get("headset.problem.named", h.name()),
                    Tone.ERROR);
        }
        if (h.name() != null) {
            return new Line(texts.get("headset.gone", h.name()), Tone.WARN);
        }
        return new Line(texts.get("headset.none"), Tone.WARN);
    }

    private Line headsetFix(DesktopState.Headset h) {
        return h.problem() == null || h.attached() ? new Line("", Tone.INFO) : new Line(h.problem(), Tone.ERROR);
    }

    private Line devices(DesktopState.Devices d) {
        if (!d.checked()) {
            return new Line(texts.get("devices.checking", d.playback(), d.capture()), Tone.INFO);
        }
        if (d.problem() != null) {
            return new Line(texts.get("devices.problem", d.problem()), Tone.ERROR);
        }
        return d.playback().equals(d.capture())
                ? new Line(texts.get("devices.ok.same", d.playback()), Tone.OK)
                : new Line(texts.get("devices.ok", d.playback(), d.capture()), Tone.OK);
    }

    private Line link(LinkStatus l) {
        Line state = switch (l.state()) {
            case ONLINE -> new Line(texts.get("link.online"), l.pendingEvents() == 0 ? Tone.OK : Tone.INFO);
            case CONNECTING -> new Line(texts.get("link.connecting"), Tone.INFO);
            case OFFLINE -> new Line(texts.get("link.offline"), Tone.WARN);
            case REJECTED -> new Line(texts.get("link.rejected", l.detail()), Tone.ERROR);
            case CLOSED -> new Line(texts.get("link.closed"), Tone.INFO);
        };
        return l.pendingEvents() == 0
                ? state
                : new Line(texts.get("link.waiting", state.text(), l.pendingEvents()), state.tone());
    }

    private Line call(DesktopState.Call c, Instant now) {
        if (c.since() == null) {
            return new Line(texts.get("call.idle"), Tone.INFO);
        }
        Duration d = Duration.between(c.since(), now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        String timer = String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
        List<String> flags = new ArrayList<>();
        if (c.muted()) {
            flags.add(texts.get("call.muted"));
        }
        if (c.held()) {
            flags.add(texts.get("call.held"));
        }
        String text = texts.get("call.active", timer) + (flags.isEmpty() ? "" : " · " + String.join(" · ", flags));
        return new Line(text, c.muted() || c.held() ? Tone.WARN : Tone.OK);
    }

    private Line survey(DesktopState.Survey s) {
        if (s == null) {
            return new Line(texts.get("survey.none"), Tone.INFO);
        }
        String keys = s.keys().isEmpty() ? texts.get("survey.nokeys") : s.keys();
        if (s.question() < 0) {
            return new Line(texts.get("survey.greeting", keys), Tone.INFO);
        }
        String question = questionName(s.questionIds().get(s.question()));
        return new Line(
                texts.get("survey.question", s.question() + 1, s.questionIds().size(), question, keys), Tone.INFO);
    }

    private Line program(DesktopState.Program p) {
        return p == null
                ? new Line(texts.get("program.none"), Tone.INFO)
                : new Line(texts.get("program.version", p.id(), String.valueOf(p.version())), Tone.INFO);
    }

    private String questionName(String id) {
        String key = "question." + id;
        return texts.keys().contains(key) ? texts.get(key) : id;
    }

    private Line lastSurvey(DesktopState.LastSurvey last) {
        if (last == null) {
            return new Line(texts.get("last.none"), Tone.INFO);
        }
        String status =
                texts.keys().contains("status." + last.status()) ? texts.get("status." + last.status()) : last.status();
        String answers = answers(last.answers());
        return new Line(
                texts.get("last.result", time.format(last.end().atZone(zone)), status, answers),
                "completed".equals(last.status()) ? Tone.OK : Tone.WARN);
    }

    private String answers(Map<String, ?> answers) {
        if (answers.isEmpty()) {
            return texts.get("answers.none");
        }
        List<String> parts = new ArrayList<>();
        answers.forEach((id, v) -> parts.add(questionName(id) + " " + answerValue(v)));
        return String.join(", ", parts);
    }

    private String answerValue(Object v) {
        if (v instanceof Boolean b) {
            return texts.get(b ? "answer.yes" : "answer.no");
        }
        return String.valueOf(v);
    }

    private Line period(String key, DesktopState.Period p) {
        if (p == null) {
            return new Line(texts.get(key, texts.get("scores.waiting")), Tone.INFO);
        }
        String nps = p.nps() == null
                ? texts.get("scores.nps.none")
                : texts.get("scores.nps", Math.round(p.nps()), Math.round(p.npsMargin()), p.npsResponses());
        String csat = p.csat() == null
                ? texts.get("scores.csat.none")
                : texts.get("scores.csat", String.format(Locale.ROOT, "%.1f", p.csat()), p.csatResponses());
        return new Line(texts.get(key, nps + " · " + csat), Tone.INFO);
    }

    private List<Line> recent(DesktopState.Scores scores) {
        if (scores == null || scores.recent().isEmpty()) {
            return List.of(new Line(texts.get("recent.none"), Tone.INFO));
        }
        List<Line> out = new ArrayList<>();
        for (DesktopState.Recent r : scores.recent()) {
            out.add(new Line(time.format(r.end().atZone(zone)) + "  " + answers(r.answers()), Tone.INFO));
        }
        return out;
    }
}
