package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallbacks of {@link FirstTierDecoding}; {@code DtmfCliIT} checks through the jar that the JVM takes the directive
 * for long audio and is not asked for short audio.
 */
class FirstTierDecodingTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheJarsOpensTheDirectiveIsNotAddedAndNothingIsThrown() {
        // Tests run on the class path, where the manifest's Add-Opens does not apply.
        assertThat(FirstTierDecoding.addDirective(FirstTierDecoding.DIRECTIVE)).isFalse();
    }

    @Test
    void missingAndInvalidPathsCountForNothing() throws Exception {
        Path small = dir.resolve("small.wav");
        Files.write(small, new byte[1000]);
        assertThat(FirstTierDecoding.forAudio(
                        List.of(small.toString(), dir.resolve("missing.wav").toString(), "\0")))
                .isFalse();
    }
}
