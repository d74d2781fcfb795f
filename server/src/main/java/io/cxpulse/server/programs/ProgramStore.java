package io.cxpulse.server.programs;

import io.cxpulse.server.api.ApiException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL of survey programs: programs and their versions (only ever inserted), prompts by content hash, the active
 * version per team and the version each agent reported running. Every method runs on a store thread.
 */
final class ProgramStore {
    private ProgramStore() {}

    /** One saved version, as the API shows it. */
    record Version(
            String programId,
            String name,
            int version,
            JsonObject survey,
            JsonObject audience,
            String note,
            long createdMs,
            String createdBy) {
        JsonObject toJson() {
            return summary().put("survey", survey).put("audience", audience);
        }

        JsonObject summary() {
            return new JsonObject()
                    .put("programId", programId)
                    .put("name", name)
                    .put("version", version)
                    .put("note", note)
                    .put("createdMs", createdMs)
                    .put("createdBy", createdBy);
        }
    }

    /** The version a team runs. */
    record Activation(String team, String programId, int version, long activatedMs, String activatedBy) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("team", team)
                    .put("programId", programId)
                    .put("version", version)
                    .put("activatedMs", activatedMs)
                    .put("activatedBy", activatedBy);
        }
    }

    /** The version an agent said it has ready. */
    record Running(String agentId, String programId, int version, long sinceMs) {}

    static boolean exists(Connection c, String programId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM programs WHERE id = ?")) {
            ps.setString(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void createProgram(Connection c, String programId, String name, String user, long nowMs)
            throws SQLException {
        if (exists(c, programId)) {
            throw new ApiException(409, "a program " + programId + " exists already; save a new version of it");
        }
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO programs (id, name, created_ms, created_by) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, programId);
            ps.setString(2, name);
            ps.setLong(3, nowMs);
            ps.setString(4, user);
            ps.executeUpdate();
        }
    }

    static void rename(Connection c, String programId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE programs SET name = ? WHERE id = ?")) {
            ps.setString(1, name);
            ps.setString(2, programId);
            ps.executeUpdate();
        }
    }

    /** Inserts the next version of an existing program; returns its number. */
    static int addVersion(
            Connection c,
            String programId,
            JsonObject survey,
            JsonObject audience,
            String note,
            String user,
            long nowMs)
            throws SQLException {
        int next;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM program_versions WHERE program_id = ?")) {
            ps.setString(1, programId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                next = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO program_versions (program_id, version,"
                + " survey_json, audience_json, note, created_ms, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, programId);
            ps.setInt(2, next);
            ps.setString(3, survey.encode());
            ps.setString(4, audience.encode());
            ps.setString(5, note);
            ps.setLong(6, nowMs);
            ps.setString(7, user);
            ps.executeUpdate();
        }
        return next;
    }

    private static final String VERSION_COLUMNS = "v.program_id, p.name, v.version, v.survey_json, v.audience_json,"
            + " v.note, v.created_ms, v.created_by FROM program_versions v JOIN programs p ON p.id = v.program_id";

    private static Version version(ResultSet rs) throws SQLException {
        return new Version(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                new JsonObject(rs.getString(4)),
                new JsonObject(rs.getString(5)),
                rs.getString(6),
                rs.getLong(7),
                rs.getString(8));
    }

    static Optional<Version> version(Connection c, String programId, int version) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + VERSION_COLUMNS + " WHERE v.program_id = ? AND v.version = ?")) {
            ps.setString(1, programId);
            ps.setInt(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    /** Every version of a program, newest first. */
    static List<Version> versions(Connection c, String programId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + VERSION_COLUMNS + " WHERE v.program_id = ? ORDER BY v.version DESC")) {
            ps.setString(1, programId);
            List<Version> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(version(rs));
                }
            }
            return out;
        }
    }

    /** The newest version of every program, by program id. */
    static List<Version> latest(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
                + " WHERE v.version = (SELECT MAX(w.version) FROM program_versions w"
                + " WHERE w.program_id = v.program_id) ORDER BY v.program_id")) {
            List<Version> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(version(rs));
                }
            }
            return out;
        }
    }

    static void activate(Connection c, String team, String programId, int version, String user, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO team_programs (team_id, program_id, version,"
                + " activated_ms, activated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id) DO UPDATE SET"
                + " program_id = excluded.program_id, version = excluded.version,"
                + " activated_ms = excluded.activated_ms, activated_by = excluded.activated_by")) {
            ps.setString(1, team);
            ps.setString(2, programId);
            ps.setInt(3, version);
            ps.setLong(4, nowMs);
            ps.setString(5, user);
            ps.executeUpdate();
        }
    }

    /** The active version of every team that has one. */
    static Map<String, Activation> activations(Connection c) throws SQLException {
        Map<String, Activation> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                        "SELECT team_id, program_id, version, activated_ms, activated_by FROM team_programs"
                                + " ORDER BY team_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Activation a = activation(rs);
                out.put(a.team(), a);
            }
        }
        return out;
    }

    static Optional<Activation> activation(Connection c, String team) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT team_id, program_id, version, activated_ms,"
                + " activated_by FROM team_programs WHERE team_id = ?")) {
            ps.setString(1, team);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(activation(rs)) : Optional.empty();
            }
        }
    }

    /** The activation in the current row of a {@code SELECT team_id, program_id, version, activated_ms, activated_by}. */
    private static Activation activation(ResultSet rs) throws SQLException {
        return new Activation(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5));
    }

    static void running(Connection c, String agentId, String programId, int version, long nowMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_programs (agent_id, program_id, version,"
                + " since_ms) VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) DO UPDATE SET"
                + " program_id = excluded.program_id, version = excluded.version, since_ms = excluded.since_ms")) {
            ps.setString(1, agentId);
            ps.setString(2, programId);
            ps.setInt(3, version);
            ps.setLong(4, nowMs);
            ps.executeUpdate();
        }
    }

    static Map<String, Running> running(Connection c) throws SQLException {
        Map<String, Running> out = new LinkedHashMap<>();
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT agent_id, program_id, version, since_ms FROM agent_programs");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Running(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
            }
        }
        return out;
    }

    /** Stores a prompt once (a repeat upload of the same audio changes nothing); returns whether it was new. */
    static boolean putPrompt(
            Connection c, PromptAudio.Converted prompt, String source, boolean draft, String user, long nowMs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prompts (sha256, wav, duration_ms, source, draft,"
                + " created_ms, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, prompt.hash());
            ps.setBytes(2, prompt.wav());
            ps.setLong(3, prompt.durationMs());
            ps.setString(4, source);
            ps.setInt(5, draft ? 1 : 0);
            ps.setLong(6, nowMs);
            ps.setString(7, user);
            return ps.executeUpdate() == 1;
        }
    }

    static Optional<byte[]> promptAudio(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT wav FROM prompts WHERE sha256 = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    static boolean promptExists(Connection c, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM prompts WHERE sha256 = ?")) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The hashes of every stored prompt. */
    static Set<String> promptHashes(Connection c) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256 FROM prompts");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every prompt's description (not its audio), newest first. */
    static JsonArray prompts(Connection c) throws SQLException {
        JsonArray out = new JsonArray();
        try (PreparedStatement ps = c.prepareStatement("SELECT sha256, duration_ms, source, draft, created_ms,"
                        + " created_by FROM prompts ORDER BY created_ms DESC, sha256");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new JsonObject()
                        .put("prompt", rs.getString(1))
                        .put("durationMs", rs.getLong(2))
                        .put("source", rs.getString(3))
                        .put("draft", rs.getInt(4) == 1)
                        .put("createdMs", rs.getLong(5))
                        .put("createdBy", rs.getString(6)));
            }
        }
        return out;
    }

    /** One stored survey of a program version: when it ended and its answers. */
    record Answered(long endMs, JsonArray answers) {}

    /** The surveys of one program version that ended from {@code fromMs} on, in the teams given (null: all). */
    static List<Answered> answers(Connection c, String programId, int version, List<String> teams, long fromMs)
            throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT end_ms, answers_json FROM surveys WHERE survey_id = ? AND survey_version = ? AND end_ms >= ?");
        if (teams != null) {
            sql.append(
                    teams.isEmpty()
                            ? " AND 1 = 0"
                            : " AND team_id IN (" + String.join(", ", Collections.nCopies(teams.size(), "?")) + ")");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setString(1, programId);
            ps.setInt(2, version);
            ps.setLong(3, fromMs);
            if (teams != null) {
                for (int i = 0; i < teams.size(); i++) {
                    ps.setString(4 + i, teams.get(i));
                }
            }
            List<Answered> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Answered(rs.getLong(1), new JsonArray(rs.getString(2))));
                }
            }
            return out;
        }
    }
}
