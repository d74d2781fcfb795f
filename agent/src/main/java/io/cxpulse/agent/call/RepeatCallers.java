package io.cxpulse.agent.call;

import io.cxpulse.protocol.CallerCheck;
import io.cxpulse.protocol.CallerCheckAnswer;
import io.cxpulse.protocol.SurveyProgram;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the agent knows of its callers' recent surveys, for the survey program's {@code repeatDays}. When a call starts
 * on a line that knows the caller's number, the number is hashed with the center's salt and the server is asked (a
 * {@link CallerCheck}) whether that caller was surveyed within the window, by any agent; its answer is kept for the
 * call. At hang-up, {@link #history} says what is known by then, without waiting: a question not yet answered (or
 * never sent: no salt yet, the server out of reach) leaves the caller's history unknown, and the caller is asked. A
 * caller this agent itself surveyed within the window, in this run, is known without the server. Thread-safe.
 */
public final class RepeatCallers {
    /** Calls in progress whose answers are kept: an agent has one call at a time, and the previous one's survey. */
    private static final int MAX_CALLS = 16;
    /** Callers this agent surveyed, remembered in this run. */
    private static final int MAX_SURVEYED = 10_000;

    private static final long DAY_MS = 86_400_000L;

    private final String agentId;
    private final Consumer<CallerCheck> ask;
    private final Clock clock;
    private volatile String salt;

    /** Per call id: the answer, or null while it is awaited. */
    private final Map<String, Boolean> answers = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_CALLS;
        }
    };

    /** Caller hash to the end of this agent's latest survey of that caller. */
    private final Map<String, Long> surveyed = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_SURVEYED;
        }
    };

    /** @param ask sends a question to the server (returns at once; a question it cannot send is dropped) */
    public RepeatCallers(String agentId, Consumer<CallerCheck> ask, Clock clock) {
        this.agentId = Objects.requireNonNull(agentId);
        this.ask = Objects.requireNonNull(ask);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The center's salt, as the survey program brings it; null leaves callers unhashed. */
    public void salt(String saltHex) {
        if (saltHex != null && saltHex.length() != SurveyProgram.SALT_LENGTH) {
            throw new IllegalArgumentException("a caller salt is " + SurveyProgram.SALT_LENGTH + " hex digits");
        }
        this.salt = saltHex;
    }

    /** The caller hash of a number as {@link CallerNumbers#of} gives it; null without a number or a salt. */
    public String hash(String number) {
        String s = salt;
        return number == null || s == null ? null : CallerNumbers.hash(s, number);
    }

    /**
     * The call {@code callId} started with the caller {@code callerHash}: asks the server about that caller when the
     * rule in force has a window ({@code repeatDays} above 0).
     */
    public void started(String callId, String callerHash, int repeatDays) {
        if (callerHash == null || repeatDays <= 0) {
            return;
        }
        synchronized (answers) {
            answers.put(callId, null);
        }
        ask.accept(new CallerCheck(agentId, callId, callerHash, repeatDays));
    }

    /** The server's answer about a call's caller; an answer for a call not asked about, or already over, is dropped. */
    public void answered(CallerCheckAnswer answer) {
        synchronized (answers) {
            if (answers.containsKey(answer.callId())) {
                answers.put(answer.callId(), answer.surveyedRecently());
            }
        }
    }

    /**
     * What is known now of the caller of a call that ended, under a rule of {@code repeatDays}; the call's answer is
     * used up. Never waits.
     */
    public CallerHistory history(CallSummary call, int repeatDays) {
        Boolean answer;
        synchronized (answers) {
            answer = answers.remove(call.callId());
        }
        if (call.callerHash() == null || repeatDays <= 0) {
            return CallerHistory.UNKNOWN;
        }
        Long last;
        synchronized (surveyed) {
            last = surveyed.get(call.callerHash());
        }
        if (last != null && last >= clock.millis() - repeatDays * DAY_MS) {
            return CallerHistory.SURVEYED_RECENTLY;
        }
        if (answer == null) {
            return CallerHistory.UNKNOWN;
        }
        return answer ? CallerHistory.SURVEYED_RECENTLY : CallerHistory.NOT_SURVEYED;
    }

    /** This agent surveyed the caller with {@code callerHash}, the survey ending at {@code endMs}. */
    public void surveyed(String callerHash, long endMs) {
        if (callerHash == null) {
            return;
        }
        synchronized (surveyed) {
            surveyed.merge(callerHash, endMs, Math::max);
        }
    }
}
