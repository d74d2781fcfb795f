package io.cxpulse.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread or process brings about, failing with what was awaited when it does not. */
public final class Await {
    private Await() {}

    /** Polls {@code condition} every 20 ms until it holds; an {@link AssertionError} naming {@code what} after the timeout. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
