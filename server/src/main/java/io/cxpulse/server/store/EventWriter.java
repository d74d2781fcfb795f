package io.cxpulse.server.store;

import io.cxpulse.protocol.AgentEvent;
import io.cxpulse.protocol.Answer;
import io.cxpulse.protocol.CallRecord;
import io.cxpulse.protocol.SurveyResult;
import io.cxpulse.server.metrics.Counts;
import io.cxpulse.server.metrics.SurveyScores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Writes a batch of events inside the caller's transaction: claims each event id once whatever the event's type,
 * inserts the raw rows of the new ones, and adds them to the rollups. Repeats
 * (an id already stored, or twice in the batch) change nothing. Used by the live writer and by the bulk import.
 */
final class EventWriter {
    /**
     * An event, the team it counts under, and what storing it needs that depends on the event alone (its scores, its
     * counts, its answers as JSON), made by whichever thread creates it.
     */
    record Pending(AgentEvent event, String team, SurveyScores scores, Counts counts, String answersJson) {
        Pending(AgentEvent event, String team) {
            this(event, team, event instanceof SurveyResult s ? SurveyScores.of(s) : null);
        }

        private Pending(AgentEvent event, String team, SurveyScores scores) {
            this(
                    event,
                    team,
                    scores,
                    scores == null ? Counts.ofCall((CallRecord) event) : Counts.ofSurvey(scores),
                    event instanceof SurveyResult s ? EventWriter.answersJson(s.answers()) : null);
        }
    }

    private static final String CLAIM = "INSERT INTO event_ids (event_id) VALUES (?) ON CONFLICT (event_id) DO NOTHING";
    private static final String INSERT_CALL = "INSERT INTO calls (event_id, agent_id, team_id, call_id, start_ms,"
            + " end_ms, talk_ms, mute_ms, mute_count, longest_mute_ms, hold_ms, survey_offered, received_ms, ended_by,"
            + " caller_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_SURVEY = "INSERT INTO surveys (event_id, agent_id, team_id, call_id, language,"
            + " start_ms, end_ms, status, nps, csat, resolved, answered, answers_json, received_ms, survey_id,"
            + " survey_version, caller_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    // Statements are run every so many rows: the driver holds a batch's values in one array, and an array of a
    // large import's block of rows would be allocated outside the young generation and left for the old one's
    // collector.
    private static final int ROWS_PER_EXECUTE = 2_048;

    private EventWriter() {}

    /** Stores {@code batch}; returns one outcome per event, in order. */
    static List<Rows.Committed> write(Connection c, ZoneId zone, List<Pending> batch, long nowMs) throws SQLException {
        List<Rows.Committed> out = new ArrayList<>(batch.size());
        Rollups.Delta delta = new Rollups.Delta(zone);
        boolean[] inserted = insert(c, List.of(batch), null, null, delta, nowMs);
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            out.add(new Rows.Committed(p.event(), p.team(), inserted[i], p.scores()));
        }
        delta.flush(c);
        return out;
    }

    /**
     * Claims the ids of {@code batches} (in order: of two events with one id the first wins), inserts the raw rows of
     * the new ones and adds them to {@code delta}, which the caller flushes. {@code summed}, when not null, holds per
     * batch what all its events add to the rollups, worked out beforehand: a batch whose events are all new adds that
     * sum instead of its events one by one. {@code rowOrders}, when not null, gives per batch the order in which its
     * rows are inserted (positions in the batch), such as by end time, so that the end-time indexes are written at
     * neighbouring places rather than all over; the batches are then each in event id order, and their ids are
     * claimed in one merged run. Returns, per event in order, whether it was new.
     */
    static boolean[] insert(
            Connection c,
            List<List<Pending>> batches,
            List<Rollups.Delta> summed,
            List<int[]> rowOrders,
            Rollups.Delta delta,
            long nowMs)
            throws SQLException {
        int n = 0;
        for (List<Pending> b : batches) {
            n += b.size();
        }
        boolean[] inserted = new boolean[n];
        try (PreparedStatement claim = c.prepareStatement(CLAIM);
                PreparedStatement calls = c.prepareStatement(INSERT_CALL);
                PreparedStatement surveys = c.prepareStatement(INSERT_SURVEY)) {
            // The claims in file order, or for batches each in id order one merged run; per event, its update count:
            // 1 when claimed now, 0 when stored before or claimed earlier in this call.
            List<Pending> all = new ArrayList<>(n);
            for (List<Pending> b : batches) {
                all.addAll(b);
            }
            int[] claimOrder = rowOrders == null ? IntStream.range(0, n).toArray() : mergedIdOrder(batches);
            int[] claimed = new int[n];
            for (int i = 0; i < n; i++) {
                claim.setString(1, all.get(claimOrder[i]).event().eventId());
                claim.addBatch();
                int done = i + 1;
                if (done % ROWS_PER_EXECUTE == 0 || done == n) {
                    int[] some = claim.executeBatch();
                    for (int j = 0; j < some.length; j++) {
                        claimed[claimOrder[done - some.length + j]] = some[j];
                    }
                }
            }
            int callRows = 0;
            int surveyRows = 0;
            int first = 0;
            for (int k = 0; k < batches.size(); k++) {
                List<Pending> b = batches.get(k);
                boolean allNew = summed != null;
                for (int j = 0; j < b.size(); j++) {
                    inserted[first + j] = claimed[first + j] == 1;
                    allNew &= inserted[first + j];
                }
                if (allNew) {
                    delta.addAll(summed.get(k));
                }
                int[] order = rowOrders == null ? null : rowOrders.get(k);
                for (int j = 0; j < b.size(); j++) {
                    int at = order == null ? j : order[j];
                    if (!inserted[first + at]) {
                        continue;
                    }
                    Pending p = b.get(at);
                    if (p.event() instanceof CallRecord call) {
                        bindCall(calls, call, p.team(), nowMs);
                        calls.addBatch();
                        if (++callRows % ROWS_PER_EXECUTE == 0) {
                            calls.executeBatch();
                        }
                    } else {
                        SurveyResult survey = (SurveyResult) p.event();
                        bindSurvey(surveys, survey, p.scores(), p.answersJson(), p.team(), nowMs);
                        surveys.addBatch();
                        if (++surveyRows % ROWS_PER_EXECUTE == 0) {
                            surveys.executeBatch();
                        }
                    }
                    if (!allNew) {
                        delta.add(p.event(), p.team(), p.counts());
                    }
                }
                first += b.size();
            }
            if (callRows % ROWS_PER_EXECUTE != 0) {
                calls.executeBatch();
            }
            if (surveyRows % ROWS_PER_EXECUTE != 0) {
                surveys.executeBatch();
            }
        }
        return inserted;
    }

    /**
     * Positions (over all batches, in order) of batches each in event id order, merged into one run in id order:
     * claims of one long run walk the id index's pages in order. Of equal ids, the one of the earlier batch comes
     * first, so that the first in the file is the one kept.
     */
    static int[] mergedIdOrder(List<List<Pending>> batches) {
        int k = batches.size();
        int[] start = new int[k];
        int[] next = new int[k];
        int n = 0;
        for (int b = 0; b < k; b++) {
            start[b] = n;
            n += batches.get(b).size();
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            int best = -1;
            String bestId = null;
            for (int b = 0; b < k; b++) {
                if (next[b] == batches.get(b).size()) {
                    continue;
                }
                String id = batches.get(b).get(next[b]).event().eventId();
                if (best < 0 || id.compareTo(bestId) < 0) {
                    best = b;
                    bestId = id;
                }
            }
            order[i] = start[best] + next[best]++;
        }
        return order;
    }

    private static void bindCall(PreparedStatement ps, CallRecord call, String team, long nowMs) throws SQLException {
        ps.setString(1, call.eventId());
        ps.setString(2, call.agentId());
        ps.setString(3, team);
        ps.setString(4, call.callId());
        ps.setLong(5, call.startMs());
        ps.setLong(6, call.endMs());
        ps.setLong(7, call.talkMs());
        ps.setLong(8, call.muteMs());
        ps.setInt(9, call.muteCount());
        ps.setLong(10, call.longestMuteMs());
        ps.setLong(11, call.holdMs());
        ps.setInt(12, call.surveyOffered() ? 1 : 0);
        ps.setLong(13, nowMs);
        ps.setString(14, call.endedBy() == null ? null : call.endedBy().wire());
        ps.setString(15, call.callerHash());
    }

    private static void bindSurvey(
            PreparedStatement ps, SurveyResult survey, SurveyScores scores, String answersJson, String team, long nowMs)
            throws SQLException {
        ps.setString(1, survey.eventId());
        ps.setString(2, survey.agentId());
        ps.setString(3, team);
        ps.setString(4, survey.callId());
        ps.setString(5, survey.language());
        ps.setLong(6, survey.startMs());
        ps.setLong(7, survey.endMs());
        ps.setString(8, survey.status().wire());
        ps.setObject(9, scores.nps(), Types.INTEGER);
        ps.setObject(10, scores.csat(), Types.INTEGER);
        ps.setObject(11, scores.resolved(), Types.INTEGER);
        ps.setInt(12, scores.answered());
        ps.setString(13, answersJson);
        ps.setLong(14, nowMs);
        ps.setString(15, survey.surveyId());
        ps.setObject(16, survey.version(), Types.INTEGER);
        ps.setString(17, survey.callerHash());
    }

    /**
     * The answers exactly as the wire carries them. Ids are letters, digits and {@code ._:-} and the enums are
     * plain words (the records check both), so nothing needs escaping.
     */
    static String answersJson(List<Answer> answers) {
        StringBuilder sb = new StringBuilder(answers.size() * 90).append('[');
        for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"questionId\":\"")
                    .append(a.questionId())
                    .append("\",\"kind\":\"")
                    .append(a.kind().wire())
                    .append("\",\"outcome\":\"")
                    .append(a.outcome().wire())
                    .append("\",\"value\":")
                    .append(a.value())
                    .append(",\"answerMs\":")
                    .append(a.answerMs())
                    .append('}');
        }
        return sb.append(']').toString();
    }
}
