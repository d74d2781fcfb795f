package io.cxpulse.server.e2e;

import io.cxpulse.agent.audio.Line;
import java.util.concurrent.CountDownLatch;

/**
 * A real line that stops hearing the caller at a given sample until the test lets it go on, so that a test can look
 * at a survey while it runs; the in-memory phone would otherwise finish it faster than real time.
 */
final class GatedLine implements Line {
    private final Line line;
    private final long gateAt;
    private final CountDownLatch open;
    private final CountDownLatch reached = new CountDownLatch(1);
    private long samples;

    GatedLine(Line line, long gateAt, CountDownLatch open) {
        this.line = line;
        this.gateAt = gateAt;
        this.open = open;
    }

    /** Counted down when the survey reaches the gate. */
    CountDownLatch reached() {
        return reached;
    }

    @Override
    public void write(short[] pcm, int off, int len) {
        line.write(pcm, off, len);
    }

    @Override
    public void discardQueued() {
        line.discardQueued();
    }

    @Override
    public int read(short[] pcm, int off, int len) {
        if (samples >= gateAt && open.getCount() > 0) {
            reached.countDown();
            try {
                open.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        int n = line.read(pcm, off, len);
        if (n > 0) {
            samples += n;
        }
        return n;
    }

    @Override
    public boolean released() {
        return line.released();
    }

    @Override
    public void close() {
        line.close();
    }
}
