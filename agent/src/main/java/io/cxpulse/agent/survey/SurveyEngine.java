package io.cxpulse.agent.survey;

import io.cxpulse.protocol.AnswerOutcome;
import io.cxpulse.protocol.SurveyStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The survey's rules as pure logic, driven by the line's sample clock: barge-in, type-ahead, {@code *} to repeat,
 * {@code #} to end an entry, multi-digit answers, invalid keys, no-input and inter-digit timeouts, retries, and the
 * caller hanging up. It does no I/O: the caller of this class reports key presses, prompt ends, audible caller
 * audio, hang-ups and the passing of time (all as sample positions), and plays whatever {@link #prompt()} asks for.
 *
 * <p>A multi-digit answer is complete as soon as no longer valid answer is possible: for NPS (0-10) {@code 1 0}
 * gives 10 at once, {@code 1 2} gives 1 and keeps the {@code 2} for the next question, {@code 7} gives 7 at once,
 * and a lone {@code 1} gives 1 when the inter-digit timeout passes.
 *
 * <p>Long silence: "nothing heard" means neither a key nor caller audio above the noise floor. The window starts
 * when a prompt ends after the caller was last heard; prompts the engine plays on its own (repeats for no input,
 * the next question) do not restart it, so a line that has gone dead is noticed even though the engine keeps
 * asking. A caller who is present but silent still has line noise and gets the no-input handling instead.
 *
 * <p>Not thread-safe: one thread drives it.
 */
public final class SurveyEngine {

    /**
     * What the line should play now: prompt sources (see {@link PromptSource}) one after the other. A new id means
     * a new prompt from its start; report its end with {@link #promptEnded(long, long)}.
     */
    public record PromptRequest(long id, List<String> sources) {
        public PromptRequest {
            sources = List.copyOf(sources);
        }
    }

    private enum Phase {
        LANGUAGE,
        GREETING,
        QUESTIONS,
        THANKS,
        DONE
    }

    private record Key(char key, long start, long end) {}

    private final SurveyDefinition survey;
    private final String callId;
    private final Instant start;
    private final int sampleRate;
    private final long noInputSamples;
    private final long interDigitSamples;
    private final long hangupSilenceSamples;
    private final int maxRetries;

    private String language;
    private long now;
    private Phase phase;
    private PromptRequest prompt;
    private long nextPromptId = 1;

    private int index = -1;
    private long promptEndedAt;
    private boolean asked;
    private String pending = "";
    private long pendingLastStart;
    private long pendingLastEnd;
    private int retries;
    private boolean repeatedForNoInput;
    private boolean anyKey;
    private long waitingSince = -1;
    private boolean keyHeld;
    private final Deque<Key> typeAhead = new ArrayDeque<>();
    private final List<QuestionResult> results = new ArrayList<>();

    private long silenceSince = -1;
    private HangupCause hangup;
    private SurveyOutcome result;

    /**
     * Starts a survey at sample 0.
     *
     * @param language the survey language, or null to ask with the survey's language choice (its default
     *     language when it has none)
     * @param start the wall-clock time of sample 0, used only to stamp the result
     * @param sampleRate samples per second of the line clock
     */
    public SurveyEngine(SurveyDefinition survey, String language, String callId, Instant start, int sampleRate) {
        this.survey = Objects.requireNonNull(survey, "survey");
        this.callId = Objects.requireNonNull(callId, "callId");
        this.start = Objects.requireNonNull(start, "start");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive");
        }
        if (language != null && !survey.languages().contains(language)) {
            throw new IllegalArgumentException(
                    "survey " + survey.id() + " has no language \"" + language + "\"; it has " + survey.languages());
        }
        this.sampleRate = sampleRate;
        SurveyTiming t = survey.timing();
        this.noInputSamples = samples(t.noInputMillis());
        this.interDigitSamples = samples(t.interDigitMillis());
        this.hangupSilenceSamples = samples(t.hangupSilenceMillis());
        this.maxRetries = t.maxRetries();
        if (language == null && survey.languageChoice() != null) {
            phase = Phase.LANGUAGE;
            enterStep(-1);
        } else {
            this.language = language == null ? survey.defaultLanguage() : language;
            startGreeting();
        }
        pump();
    }

    // ---- inputs ------------------------------------------------------------------------------------------------

    /** A key has been recognised and is still held: stops the prompt playing (barge-in). */
    public void keyDown(char key, long sample) {
        advanceTo(sample);
        if (phase == Phase.DONE) {
            return;
        }
        heardAt(sample);
        keyHeld = true;
        if (prompt != null) {
            stopPrompt(sample);
        }
        pump();
    }

    /** A key press has ended; keys are used in the order they arrive, kept for later questions when early. */
    public void key(char key, long startSample, long endSample) {
        advanceTo(endSample);
        keyHeld = false;
        if (phase == Phase.DONE) {
            return;
        }
        heardAt(endSample);
        if (phase == Phase.THANKS) {
            if (prompt != null) {
                stopPrompt(startSample);
            }
            return;
        }
        typeAhead.addLast(new Key(key, startSample, endSample));
        pump();
    }

    /** Caller audio above the noise floor at this sample: the caller is still there. */
    public void heard(long sample) {
        advanceTo(sample);
        if (phase != Phase.DONE) {
            heardAt(sample);
        }
    }

    /** The prompt with this id has played to its end. */
    public void promptEnded(long promptId, long sample) {
        advanceTo(sample);
        if (prompt == null || prompt.id() != promptId) {
            return;
        }
        prompt = null;
        promptStopped(sample);
        pump();
    }

    /** The caller hung up (noticed at this sample): answers so far are kept, the rest are skipped. */
    public void hangUp(HangupCause cause, long sample) {
        advanceTo(sample);
        if (phase == Phase.DONE) {
            return;
        }
        if (phase == Phase.THANKS) {
            finish();
            return;
        }
        hangup = Objects.requireNonNull(cause, "cause");
        if (phase == Phase.QUESTIONS && index >= 0) {
            Question q = survey.questions().get(index);
            if (!pending.isEmpty() && isAnswer(pending)) {
                results.add(answered(q, Integer.parseInt(pending), pendingLastStart));
            } else {
                results.add(new QuestionResult(q.id(), q.kind(), AnswerOutcome.SKIPPED, null, null, retries));
            }
            index++;
        } else {
            index = 0;
        }
        for (int i = Math.max(index, 0); i < survey.questions().size(); i++) {
            Question q = survey.questions().get(i);
            results.add(new QuestionResult(q.id(), q.kind(), AnswerOutcome.SKIPPED, null, null, 0));
        }
        if (language == null) {
            language = survey.defaultLanguage();
        }
        finish();
    }

    /** Time has moved on to this sample: runs the timers. */
    public void tick(long sample) {
        advanceTo(sample);
        if (phase == Phase.DONE) {
            return;
        }
        if (phase != Phase.THANKS && silenceSince >= 0 && now - silenceSince >= hangupSilenceSamples) {
            hangUp(HangupCause.SILENCE, now);
            return;
        }
        pump();
    }

    // ---- outputs -----------------------------------------------------------------------------------------------

    /** The prompt to play now, or null for silence. */
    public PromptRequest prompt() {
        return prompt;
    }

    /** Whether the survey is over; then {@link #result()} is set. */
    public boolean finished() {
        return phase == Phase.DONE;
    }

    /** The result once {@link #finished()}, else null. */
    public SurveyOutcome result() {
        return result;
    }

    /** The language in use; null while the caller is still choosing. */
    public String language() {
        return language;
    }

    /** The question being asked (0-based index into the survey's questions), or -1 before and after the questions. */
    public int questionIndex() {
        return phase == Phase.QUESTIONS ? index : -1;
    }

    /** The latest sample position the engine has seen. */
    public long now() {
        return now;
    }

    // ---- rules -------------------------------------------------------------------------------------------------

    private void pump() {
        while (phase == Phase.LANGUAGE || phase == Phase.QUESTIONS) {
            if (!typeAhead.isEmpty()) {
                Key k = typeAhead.peekFirst();
                if (!pending.isEmpty() && k.start() - pendingLastEnd >= interDigitSamples) {
                    settlePending();
                    continue;
                }
                typeAhead.pollFirst();
                handleKey(k);
                continue;
            }
            if (!pending.isEmpty()) {
                if (now - pendingLastEnd >= interDigitSamples) {
                    settlePending();
                    continue;
                }
                return;
            }
            if (prompt != null || keyHeld) {
                return;
            }
            if (!asked) {
                ask(false);
                return;
            }
            if (waitingSince < 0) {
                waitingSince = now;
            }
            if (now - waitingSince >= noInputSamples) {
                noInput();
                continue;
            }
            return;
        }
    }

    private void handleKey(Key k) {
        anyKey = true;
        if (prompt != null) {
            stopPrompt(k.start());
        }
        char c = k.key();
        if (c == '*') {
            pending = "";
            ask(false);
            return;
        }
        if (c == '#') {
            if (!pending.isEmpty()) {
                settlePending();
            }
            return;
        }
        if (c < '0' || c > '9') {
            invalidEntry();
            return;
        }
        String s = pending + c;
        if (isAnswer(s) && !canGrow(s)) {
            pending = "";
            answer(Integer.parseInt(s), k.start());
        } else if (canGrow(s)) {
            pending = s;
            pendingLastStart = k.start();
            pendingLastEnd = k.end();
        } else if (!pending.isEmpty() && isAnswer(pending)) {
            // The key cannot extend the answer so far: that answer stands and the key belongs to the next question.
            int value = Integer.parseInt(pending);
            pending = "";
            typeAhead.addFirst(k);
            answer(value, pendingLastStart);
        } else {
            invalidEntry();
        }
    }

    private void settlePending() {
        String s = pending;
        pending = "";
        if (isAnswer(s)) {
            answer(Integer.parseInt(s), pendingLastStart);
        } else {
            invalidEntry();
        }
    }

    private void invalidEntry() {
        pending = "";
        if (retries < maxRetries) {
            retries++;
            ask(true);
        } else {
            settleUnanswered(AnswerOutcome.INVALID);
        }
    }

    private void noInput() {
        if (!repeatedForNoInput && retries < maxRetries) {
            retries++;
            repeatedForNoInput = true;
            ask(false);
        } else {
            settleUnanswered(anyKey ? AnswerOutcome.INVALID : AnswerOutcome.NO_INPUT);
        }
    }

    private void answer(int value, long keyStart) {
        if (phase == Phase.LANGUAGE) {
            language = survey.languageChoice().keys().get((char) ('0' + value));
            startGreeting();
            return;
        }
        Question q = survey.questions().get(index);
        results.add(answered(q, q.answerFor(value), keyStart));
        nextQuestion();
    }

    private QuestionResult answered(Question q, int value, long keyStart) {
        long millis = promptEndedAt < 0 ? 0 : Math.max(0, keyStart - promptEndedAt) * 1000 / sampleRate;
        return new QuestionResult(q.id(), q.kind(), AnswerOutcome.ANSWERED, value, millis, retries);
    }

    private void settleUnanswered(AnswerOutcome outcome) {
        if (phase == Phase.LANGUAGE) {
            language = survey.defaultLanguage();
            startGreeting();
            return;
        }
        Question q = survey.questions().get(index);
        results.add(new QuestionResult(q.id(), q.kind(), outcome, null, null, retries));
        nextQuestion();
    }

    private void startGreeting() {
        String greeting = survey.greeting().get(language);
        if (greeting == null || !typeAhead.isEmpty() || keyHeld) {
            enterStep(0);
            return;
        }
        phase = Phase.GREETING;
        play(List.of(greeting));
    }

    private void nextQuestion() {
        if (index + 1 < survey.questions().size()) {
            enterStep(index + 1);
            return;
        }
        typeAhead.clear();
        pending = "";
        phase = Phase.THANKS;
        String thanks = survey.thanks().get(language);
        if (thanks == null) {
            finish();
        } else {
            play(List.of(thanks));
        }
    }

    /** Makes question {@code i} current; -1 is the language choice. */
    private void enterStep(int i) {
        phase = i < 0 ? Phase.LANGUAGE : Phase.QUESTIONS;
        index = i;
        promptEndedAt = -1;
        asked = false;
        pending = "";
        retries = 0;
        repeatedForNoInput = false;
        anyKey = false;
        waitingSince = -1;
        prompt = null;
    }

    private void ask(boolean afterInvalid) {
        List<String> sources = new ArrayList<>(2);
        if (phase == Phase.LANGUAGE) {
            sources.add(survey.languageChoice().prompt());
        } else {
            if (afterInvalid) {
                sources.add(survey.invalid().get(language));
            }
            sources.add(survey.questions().get(index).prompts().get(language));
        }
        asked = true;
        waitingSince = -1;
        play(sources);
    }

    private void play(List<String> sources) {
        prompt = new PromptRequest(nextPromptId++, sources);
    }

    private void stopPrompt(long sample) {
        prompt = null;
        promptStopped(sample);
    }

    private void promptStopped(long sample) {
        if (silenceSince < 0) {
            silenceSince = sample;
        }
        switch (phase) {
            case GREETING -> enterStep(0);
            case THANKS -> finish();
            case LANGUAGE, QUESTIONS -> {
                waitingSince = sample;
                promptEndedAt = sample;
            }
            default -> {}
        }
    }

    private void finish() {
        phase = Phase.DONE;
        prompt = null;
        typeAhead.clear();
        SurveyStatus status;
        long answered = results.stream()
                .filter(r -> r.outcome() == AnswerOutcome.ANSWERED)
                .count();
        if (hangup != null) {
            status = SurveyStatus.ABANDONED;
        } else if (answered == survey.questions().size()) {
            status = SurveyStatus.COMPLETED;
        } else if (answered > 0) {
            status = SurveyStatus.PARTIAL;
        } else {
            status = SurveyStatus.NO_INPUT;
        }
        result = new SurveyOutcome(
                callId,
                survey.id(),
                language,
                start,
                start.plus(Duration.ofNanos(now * 1_000_000_000L / sampleRate)),
                status,
                hangup,
                results);
    }

    private void heardAt(long sample) {
        silenceSince = prompt == null ? sample : -1;
    }

    private boolean isAnswer(String digits) {
        if (digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return false;
        }
        int v = Integer.parseInt(digits);
        if (phase == Phase.LANGUAGE) {
            return v <= 9 && survey.languageChoice().keys().containsKey((char) ('0' + v));
        }
        return survey.questions().get(index).answerFor(v) >= 0;
    }

    /** Whether more digits could still make a valid answer. */
    private boolean canGrow(String digits) {
        if (phase == Phase.LANGUAGE || digits.charAt(0) == '0') {
            return false;
        }
        Question q = survey.questions().get(index);
        for (int v = q.min(); v <= q.max(); v++) {
            String s = Integer.toString(q.keyed(v));
            if (s.length() > digits.length() && s.startsWith(digits)) {
                return true;
            }
        }
        return false;
    }

    private void advanceTo(long sample) {
        if (sample > now) {
            now = sample;
        }
    }

    private long samples(int millis) {
        return (long) millis * sampleRate / 1000;
    }
}
