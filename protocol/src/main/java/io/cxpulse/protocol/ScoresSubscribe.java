package io.cxpulse.protocol;

/**
 * An agent's request, after the {@link Welcome}, for its own {@link AgentScores}: the server answers with them at once
 * and again after each of the agent's surveys is stored. Agents that do not send it never receive scores, so the
 * conversation of older agents is unchanged; an older server refuses it with a non-fatal {@code invalid} error.
 */
public record ScoresSubscribe() implements Message {}
