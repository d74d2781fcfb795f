package io.cxpulse.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.sim.LoadGenerator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load generator measures only what the server committed. */
class LoadGeneratorIT {
    @TempDir
    Path dir;

    @Test
    void everyGeneratedEventIsCommittedOnce() throws Exception {
        try (Loopback server = Loopback.start(dir, 0)) {
            LoadGenerator.Report report =
                    LoadGenerator.run(server.uri(), server.agents(3), 40, 8, Duration.ofSeconds(60));
            assertThat(report.events()).isEqualTo(120);
            assertThat(report.refused()).isZero();
            assertThat(report.latencyMicros()).hasSize(120);
            assertThat(report.percentileMicros(50)).isPositive().isLessThanOrEqualTo(report.percentileMicros(99));
            assertThat(report.summary()).startsWith("3 agents, 120 events in ");
            assertThat(server.count("SELECT COUNT(*) FROM calls")).isEqualTo(60);
            assertThat(server.count("SELECT COUNT(*) FROM surveys")).isEqualTo(60);
        }
    }
}
