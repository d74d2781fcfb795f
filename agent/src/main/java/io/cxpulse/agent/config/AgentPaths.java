package io.cxpulse.agent.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the agent keeps its files on each operating system: the configuration (settings and token) in the
 * platform's configuration place, the outbox and logs in its data place.
 *
 * <table>
 *   <caption>Directories</caption>
 *   <tr><th>OS</th><th>configuration</th><th>data (outbox, logs)</th></tr>
 *   <tr><td>Linux</td><td>{@code $XDG_CONFIG_HOME/cx-agent} ({@code ~/.config/cx-agent})</td>
 *       <td>{@code $XDG_DATA_HOME/cx-agent} ({@code ~/.local/share/cx-agent})</td></tr>
 *   <tr><td>Windows</td><td>{@code %APPDATA%\CX Pulse}</td><td>{@code %LOCALAPPDATA%\CX Pulse}</td></tr>
 *   <tr><td>macOS</td><td colspan="2">{@code ~/Library/Application Support/CX Pulse}</td></tr>
 * </table>
 */
public record AgentPaths(Path configDir, Path dataDir) {
    /** The configuration file's name in {@link #configDir()}. */
    public static final String CONFIG_FILE = "agent.properties";

    /** This user's directories on this machine. */
    public static AgentPaths forThisUser() {
        return of(System.getProperty("os.name"), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The directories for an OS name (as in {@code os.name}), an environment and a home directory. */
    public static AgentPaths of(String osName, Map<String, String> env, Path home) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = dir(env, "APPDATA", home.resolve("AppData").resolve("Roaming"));
            Path local = dir(env, "LOCALAPPDATA", home.resolve("AppData").resolve("Local"));
            return new AgentPaths(roaming.resolve("CX Pulse"), local.resolve("CX Pulse"));
        }
        if (os.startsWith("mac")) {
            Path support =
                    home.resolve("Library").resolve("Application Support").resolve("CX Pulse");
            return new AgentPaths(support, support);
        }
        Path config = dir(env, "XDG_CONFIG_HOME", home.resolve(".config"));
        Path data = dir(env, "XDG_DATA_HOME", home.resolve(".local").resolve("share"));
        return new AgentPaths(config.resolve("cx-agent"), data.resolve("cx-agent"));
    }

    private static Path dir(Map<String, String> env, String name, Path fallback) {
        String v = env.get(name);
        // The XDG specification says a relative path in these variables is invalid and is to be ignored.
        return v == null || v.isBlank() || !Path.of(v).isAbsolute() ? fallback : Path.of(v);
    }

    /** The configuration file. */
    public Path configFile() {
        return configDir.resolve(CONFIG_FILE);
    }
}
