package io.cxpulse.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        Await.until("three polls", Duration.ofSeconds(5), () -> polls.incrementAndGet() >= 3);
    }

    @Test
    void failsNamingWhatWasAwaited() {
        assertThatThrownBy(() -> Await.until("the impossible", Duration.ofMillis(50), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("the impossible: not within 0 s");
    }
}
