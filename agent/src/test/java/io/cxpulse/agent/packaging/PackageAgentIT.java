package io.cxpulse.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.testkit.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/package-agent.sh} on the jar this build made: the .deb has the launcher, the menu and autostart
 * entries and the udev rule, its maintainer scripts install them, and the launcher, unpacked into a throw-away root,
 * starts the app's {@code --version} on the trimmed runtime it carries.
 */
class PackageAgentIT {
    @TempDir
    Path dir;

    @Test
    void theDebInstallsLauncherMenuAutostartAndUdevRuleAndItsLauncherRuns() throws Exception {
        for (String tool : List.of("jpackage", "jlink", "dpkg-deb", "fakeroot")) {
            Requirements.binary(tool);
        }
        Path root = Path.of("").toAbsolutePath().getParent();
        String built = run(root, List.of("bash", "scripts/package-agent.sh"), "SKIP_BUILD", "1");
        String version = run(root, List.of("java", "-jar", "agent/target/cx-agent.jar", "--version"))
                .trim()
                .replace("cx-agent ", "")
                .replace("-SNAPSHOT", "");
        Path deb = root.resolve("agent/target/dist/cx-agent_" + version + "_amd64.deb");
        assertThat(built.trim()).endsWith("agent/target/dist/cx-agent_" + version + "_amd64.deb");
        assertThat(deb).exists();

        String contents = run(root, List.of("dpkg-deb", "-c", deb.toString()));
        assertThat(contents)
                .contains("./opt/cx-agent/bin/cx-agent")
                .contains("./opt/cx-agent/lib/cx-agent-cx-agent.desktop")
                .contains("./opt/cx-agent/lib/app/cx-agent-autostart.desktop")
                .contains("./opt/cx-agent/lib/app/native-config/linux/70-cx-pulse-headsets.rules")
                .contains("./opt/cx-agent/lib/runtime/lib/libawt_xawt.so");
        assertThat(run(root, List.of("dpkg-deb", "-f", deb.toString(), "Package", "Architecture")))
                .contains("Package: cx-agent")
                .contains("Architecture: amd64");

        Path control = dir.resolve("control");
        run(root, List.of("dpkg-deb", "-e", deb.toString(), control.toString()));
        assertThat(Files.readString(control.resolve("postinst")))
                .contains("xdg-desktop-menu install /opt/cx-agent/lib/cx-agent-cx-agent.desktop")
                .contains("/etc/udev/rules.d/70-cx-pulse-headsets.rules")
                .contains("/etc/xdg/autostart/cx-agent.desktop");
        assertThat(Files.readString(control.resolve("prerm")))
                .contains("rm -f /etc/udev/rules.d/70-cx-pulse-headsets.rules /etc/xdg/autostart/cx-agent.desktop");

        Path unpacked = dir.resolve("root");
        run(root, List.of("dpkg-deb", "-x", deb.toString(), unpacked.toString()));
        assertThat(Files.readString(unpacked.resolve("opt/cx-agent/lib/app/cx-agent-autostart.desktop")))
                .contains("Exec=/opt/cx-agent/bin/cx-agent desktop");
        assertThat(Files.readString(
                        unpacked.resolve("opt/cx-agent/lib/app/native-config/linux/70-cx-pulse-headsets.rules")))
                .contains("TAG+=\"uaccess\"");
        String launched =
                run(root, List.of(unpacked.resolve("opt/cx-agent/bin/cx-agent").toString(), "--version"));
        assertThat(launched.trim()).startsWith("cx-agent " + version);
    }

    /** Runs a command in {@code dir}, returns its output, fails with the output when it does not exit 0. */
    private static String run(Path dir, List<String> command, String... env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        for (int i = 0; i + 1 < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(command + " said:\n" + text).isZero();
        return text;
    }
}
