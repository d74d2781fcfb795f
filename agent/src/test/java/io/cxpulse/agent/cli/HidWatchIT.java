package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.testkit.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cx-agent hid watch} drives a headset in a fake hidraw tree and prints its events. */
class HidWatchIT {

    @Test
    void printsConnectedAnsweredAndEnded(@TempDir Path root) throws Exception {
        byte[] descriptor = HeadsetDescriptors.bytes("epos-impact-d1");
        StringWriter out = new StringWriter();
        try (FakeHidraw fake = new FakeHidraw(root)) {
            FakeHidraw.Node node = fake.plug("hidraw0", descriptor, 0x1395, 0x009c, "EPOS IMPACT D1", "E1");
            CommandLine cl = AgentMain.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(
                    "hid", "watch", "--sysfs", fake.sys.toString(), "--dev", fake.dev.toString(), "--seconds", "3"));
            node.outputs(1, Duration.ofSeconds(5));
            node.send(new byte[] {2, 1});
            node.outputs(1, Duration.ofSeconds(5));
            // A hook-on right after the host lit Off-Hook is taken for the device's echo of that write; a headset
            // that still reports on-hook after the echo window has hung up. Report it until the call ends.
            Await.until("the call ended", Duration.ofSeconds(5), () -> {
                node.send(new byte[] {2, 0});
                return out.toString().contains("ended");
            });
            assertThat(exit.get()).isZero();
        }
        assertThat(out.toString().lines().map(l -> l.substring(l.indexOf(' ') + 1)))
                .containsExactly("connected", "answered", "ended");
    }
}
