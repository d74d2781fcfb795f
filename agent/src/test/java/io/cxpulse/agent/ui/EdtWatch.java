package io.cxpulse.agent.ui;

import java.awt.AWTEvent;
import java.awt.EventQueue;
import java.awt.Toolkit;
import java.util.ArrayList;
import java.util.List;

/**
 * Times every event the Swing event thread dispatches, without polling: an {@link EventQueue} pushed on top of the
 * system one measures each {@code dispatchEvent}. A dispatch that takes longer than the limit is the event thread
 * blocked, and is remembered with what it was. A dispatch that runs a nested event loop (a modal dialog) keeps the
 * event thread pumping: its own length is not counted, the nested dispatches are.
 */
public final class EdtWatch extends EventQueue {
    private final long limitNanos;
    private final List<String> slow = new ArrayList<>();
    private long longestNanos;
    private long events;
    // Touched on the event thread only.
    private final java.util.ArrayDeque<boolean[]> nesting = new java.util.ArrayDeque<>();

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
        try {
            super.dispatchEvent(event);
        } finally {
            long took = System.nanoTime() - start;
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
