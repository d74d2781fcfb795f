package io.cxpulse.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleInstanceTest {
    @TempDir
    Path dir;

    @Test
    void aSecondStartBringsTheFirstForwardAndEnds() throws Exception {
        CountDownLatch shown = new CountDownLatch(1);
        try (SingleInstance first = SingleInstance.acquire(dir).orElseThrow()) {
            first.onShowRequest(shown::countDown);
            Optional<SingleInstance> second = SingleInstance.acquire(dir);
            assertThat(second).isEmpty();
            assertThat(shown.await(5, TimeUnit.SECONDS)).isTrue();
        }
        // Once the first has quit, the next start is the instance.
        try (SingleInstance again = SingleInstance.acquire(dir).orElseThrow()) {
            assertThat(again).isNotNull();
        }
    }
}
