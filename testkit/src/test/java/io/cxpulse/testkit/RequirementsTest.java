package io.cxpulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequirementsTest {

    @Test
    void findsABinaryOnThePath() {
        assertThat(Files.isExecutable(Requirements.binary("sh"))).isTrue();
    }

    @Test
    void aMissingBinarySkipsLocallyAndFailsUnderCi() {
        boolean strict = "true".equals(System.getProperty("cx.requireBinaries")) || "true".equals(System.getenv("CI"));
        Throwable t = catchThrowable(() -> Requirements.binary("cx-no-such-binary"));
        assertThat(t)
                .isInstanceOf(strict ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("cx-no-such-binary");
    }
}
