package io.cxpulse.testkit;

import java.util.concurrent.TimeUnit;

/** Stops the helper processes a test started (a SIP peer, a server): politely first, then for good. */
public final class Processes {
    private Processes() {}

    /**
     * Asks {@code process} to end and waits up to 5 s, then kills it and waits up to 5 s more. An interrupt stops the
     * waiting, kills the process and is kept on the thread, so that this fits a {@code close()} that throws nothing.
     */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
