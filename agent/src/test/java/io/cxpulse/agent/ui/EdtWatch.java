package io.cxpulse.agent.ui;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Times every event the Swing event thread dispatches, without polling: an {@link EventQueue} pushed on top of the
 * system one measures each {@code dispatchEvent}. A dispatch that keeps the event thread for longer than the limit is
 * the event thread blocked, and is remembered with what it was.
 *
 * <p>The time that counts is the dispatch's wall-clock time less the time the thread sat ready in the kernel's run
 * queue waiting for a CPU (Linux {@code /proc/thread-self/schedstat}): computing, sleeping, waiting for a lock, a
 * disk or the network all count, but a machine too busy to schedule the thread does not. Elsewhere the wall-clock
 * time counts whole. A dispatch that runs a nested event loop (a modal dialog) keeps the
 * event thread pumping: its own length is not counted, the nested dispatches are.
 */
public final class EdtWatch extends EventQueue {
    private final long limitNanos;
    private final List<String> slow = new ArrayList<>();
    private long longestNanos;
    private long events;
    // Touched on the event thread only.
    private final ArrayDeque<boolean[]> nesting = new ArrayDeque<>();

    private EdtWatch(long limitMillis) {
        this.limitNanos = limitMillis * 1_000_000L;
    }

    /** Starts timing the event thread's work from now on. */
    public static EdtWatch install(long limitMillis) {
        EdtWatch watch = new EdtWatch(limitMillis);
        Toolkit.getDefaultToolkit().getSystemEventQueue().push(watch);
        return watch;
    }

    @Override
    protected void dispatchEvent(AWTEvent event) {
        boolean[] pumped = {false};
        if (!nesting.isEmpty()) {
            nesting.peek()[0] = true;
        }
        nesting.push(pumped);
        long start = System.nanoTime();
        long queuedBefore = runQueueNanos();
        try {
            super.dispatchEvent(event);
        } finally {
            long took = System.nanoTime() - start - Math.max(0, runQueueNanos() - queuedBefore);
            nesting.pop();
            synchronized (this) {
                events++;
                if (!pumped[0]) {
                    longestNanos = Math.max(longestNanos, took);
                    if (took > limitNanos) {
                        slow.add(took / 1_000_000 + " ms: " + event);
                    }
                }
            }
        }
    }

    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    /** Nanoseconds this thread has spent ready to run but waiting for a CPU, or 0 where the kernel does not say. */
    private static long runQueueNanos() {
        // A plain stream, not a channel: a channel read fails on a thread whose interrupt flag is set.
        try (InputStream in = new FileInputStream(SCHEDSTAT.toFile())) {
            String[] fields = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .trim()
                    .split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The dispatches that took longer than the limit. */
    public synchronized List<String> slowDispatches() {
        return List.copyOf(slow);
    }

    public synchronized long longestMillis() {
        return longestNanos / 1_000_000;
    }

    public synchronized long events() {
        return events;
    }
}
