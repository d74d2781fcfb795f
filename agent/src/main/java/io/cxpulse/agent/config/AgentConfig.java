package io.cxpulse.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The desktop agent's settings, read from and written to a properties file (see docs/agent-desktop.md for every
 * field). The token is not among them: it lives in its own owner-only file, {@code token}, next to the
 * configuration file, and is never logged.
 *
 * @param server the server's address
 * @param agentId this agent's id
 * @param headset which headset when several are plugged in (see {@code cx-agent hid list}); null for the only one
 * @param playback the line device prompts are played to; null with {@code line = sip} (see {@link LineConfig})
 * @param capture the line device the caller's keys are heard from; null with {@code line = sip}
 * @param language the survey language, null to let the caller choose
 * @param minTalkSeconds calls with less talk time are not surveyed
 * @param dataDir where the outbox and logs are kept
 * @param theme {@code system}, {@code light} or {@code dark}
 * @param locale the window's language ({@code en}, {@code zh-CN}), null to follow the system
 * @param hidSysfs the sysfs root the Linux headset backend reads
 * @param hidDev the device directory the Linux headset backend opens
 */
public record AgentConfig(
        URI server,
        String agentId,
        String headset,
        String playback,
        String capture,
        String language,
        int minTalkSeconds,
        Path dataDir,
        String theme,
        Locale locale,
        Path hidSysfs,
        Path hidDev) {

    /** The token file's name, next to the configuration file. */
    public static final String TOKEN_FILE = "token";

    private static final Set<String> THEMES = Set.of("system", "light", "dark");

    public AgentConfig {
        if (server == null) {
            throw new IllegalArgumentException("server is missing");
        }
        String scheme = server.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("server must start with http:// or https://, got " + server);
        }
        if (agentId == null || !agentId.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException(
                    "agent.id must be 1 to 64 letters, digits, '.', '_', ':' or '-', got " + agentId);
        }
        if (minTalkSeconds < 0) {
            throw new IllegalArgumentException("min.talk.seconds must not be negative");
        }
        if (theme == null || !THEMES.contains(theme)) {
            throw new IllegalArgumentException("theme must be system, light or dark, got " + theme);
        }
        headset = blankToNull(headset);
        language = blankToNull(language);
        playback = blankToNull(playback);
        capture = blankToNull(capture);
    }

    /** Reads a configuration file; every problem is named with the file and the field. */
    public static AgentConfig load(Path file, AgentPaths paths) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            // With line = sip the survey plays on the call itself: no line devices (see LineConfig).
            boolean sip = "sip".equalsIgnoreCase(p.getProperty("line", "").trim());
            if (!sip
                    && (blankToNull(p.getProperty("playback")) == null
                            || blankToNull(p.getProperty("capture")) == null)) {
                throw new IllegalArgumentException("playback and capture (the line devices) are required");
            }
            return new AgentConfig(
                    URI.create(require(p, "server")),
                    require(p, "agent.id"),
                    p.getProperty("headset"),
                    p.getProperty("playback"),
                    p.getProperty("capture"),
                    p.getProperty("language"),
                    integer(p, "min.talk.seconds", 10),
                    path(p, "data.dir", paths.dataDir()),
                    p.getProperty("theme", "system").trim(),
                    locale(p.getProperty("locale")),
                    path(p, "hid.sysfs", Path.of("/sys")),
                    path(p, "hid.dev", Path.of("/dev")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this configuration to {@code file} (atomically), with a comment per field. */
    public void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder out = new StringBuilder("# CX Pulse agent configuration (see docs/agent-desktop.md).\n");
        line(out, "The server's address.", "server", server.toString());
        line(out, "This agent's id, as provisioned on the server.", "agent.id", agentId);
        line(
                out,
                "Which headset when several are plugged in (see cx-agent hid list); empty: the only one.",
                "headset",
                headset);
        line(out, "Line device the survey's prompts are played to (see cx-agent audio list).", "playback", playback);
        line(out, "Line device the caller's keys are heard from.", "capture", capture);
        line(out, "Survey language (en, zh); empty: the caller chooses.", "language", language);
        line(
                out,
                "Calls with less talk time, in seconds, are not surveyed.",
                "min.talk.seconds",
                Integer.toString(minTalkSeconds));
        line(out, "Where the outbox and logs are kept.", "data.dir", dataDir.toString());
        line(out, "Window theme: system, light or dark.", "theme", theme);
        line(
                out,
                "Window language: en or zh-CN; empty: the system's.",
                "locale",
                locale == null ? null : locale.toLanguageTag());
        line(out, "Linux: where headsets are looked for.", "hid.sysfs", hidSysfs.toString());
        line(out, "Linux: where headset device nodes are opened.", "hid.dev", hidDev.toString());
        out.append(lineFields(file));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(out.toString());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The line's fields ({@link LineConfig}) of the file being replaced, kept as they are. */
    private static String lineFields(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        StringBuilder out = new StringBuilder();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (key.equals("line")
                    || key.equals("line.hook")
                    || key.startsWith("sip.")
                    || key.equals("headset.audio")) {
                if (out.isEmpty()) {
                    out.append("\n# The phone line (see docs/line.md).\n");
                }
                out.append(key).append(" = ").append(escape(p.getProperty(key))).append('\n');
            }
        }
        return out.toString();
    }

    /** The token file that belongs with a configuration file. */
    public static Path tokenFile(Path configFile) {
        return configFile.toAbsolutePath().resolveSibling(TOKEN_FILE);
    }

    /** Reads the token kept next to a configuration file. */
    public static String readToken(Path configFile) throws IOException {
        Path file = tokenFile(configFile);
        if (!Files.exists(file)) {
            throw new IOException("no token: " + file + " is missing (run the set-up again to enrol this agent)");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IOException("no token: " + file + " is empty (run the set-up again to enrol this agent)");
        }
        return token;
    }

    /** Stores the token next to a configuration file, readable and writable by its owner only. */
    public static void writeToken(Path configFile, String token) throws IOException {
        Path file = tokenFile(configFile);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(TOKEN_FILE + ".tmp");
        Files.deleteIfExists(tmp);
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
            // Windows: the file inherits the ACL of the user's profile directory, which only the user can read.
            Files.createFile(tmp);
        }
        Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "AgentConfig[server=" + server + ", agentId=" + agentId + ", playback=" + playback + ", capture="
                + capture + "]";
    }

    private static void line(StringBuilder out, String comment, String key, String value) {
        out.append("\n# ").append(comment).append('\n');
        out.append(key).append(" = ").append(escape(value == null ? "" : value)).append('\n');
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(key + " is missing");
        }
        return v.trim();
    }

    private static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got \"" + v.trim() + "\"");
        }
    }

    private static Path path(Properties p, String key, Path fallback) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? fallback : Path.of(v.trim());
    }

    private static Locale locale(String v) {
        return v == null || v.isBlank() ? null : Locale.forLanguageTag(v.trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
