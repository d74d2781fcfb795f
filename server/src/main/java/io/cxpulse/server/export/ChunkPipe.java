package io.cxpulse.server.export;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carries a large response from the worker thread that makes it to the HTTP response, with back-pressure both ways:
 * the worker blocks in {@link #put} while {@value #CAPACITY} chunks wait, and the event loop writes only while the
 * connection's write queue has room, resuming from its drain handler. So a slow client slows the worker down and
 * never fills memory; a client that goes away stops the worker at its next chunk.
 */
final class ChunkPipe {
    /** The client went away; the producer stops. */
    static final class ClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("the client closed the connection");
        }
    }

    static final int CAPACITY = 8;

    private final Context context;
    private final HttpServerResponse response;
    private final Runnable beforeFirstWrite;
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CAPACITY);
    // Chunks already copied into the response, for the producer to fill again instead of allocating.
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CAPACITY + 2);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean finished;
    // Event-loop state.
    private boolean started;
    private boolean ended;

    /** {@code beforeFirstWrite} sets the headers, on the event loop, just before the first byte goes out. */
    ChunkPipe(Context context, HttpServerResponse response, Runnable beforeFirstWrite) {
        this.context = context;
        this.response = response;
        this.beforeFirstWrite = beforeFirstWrite;
        response.closeHandler(v -> closed = true);
        response.exceptionHandler(e -> closed = true);
    }

    /** Producer side: hands over a chunk, waiting while the pipe is full. */
    void put(byte[] chunk) throws IOException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    throw new ClosedException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClosedException();
        }
        if (closed) {
            throw new ClosedException();
        }
        schedule();
    }

    /** Producer side: an emptied chunk of {@code size} bytes to fill again, or a new one. */
    byte[] emptyChunk(int size) {
        byte[] chunk = free.poll();
        return chunk != null && chunk.length == size ? chunk : new byte[size];
    }

    /** Producer done: the response ends once every chunk is written. Called on the event loop. */
    void finish() {
        finished = true;
        schedule();
    }

    /** Whether any byte went out (on the event loop). */
    boolean started() {
        return started;
    }

    /** The producer failed before anything went out: drop what waits, the caller answers with an error. */
    void discard() {
        closed = true;
        chunks.clear();
    }

    /** The producer failed after the response started: cut the connection so the client sees a failed download. */
    void abort() {
        closed = true;
        chunks.clear();
        if (!ended) {
            ended = true;
            response.reset();
        }
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> {
                scheduled.set(false);
                drain();
            });
        }
    }

    /** On the event loop: writes what waits while the connection takes it. */
    private void drain() {
        if (ended || closed) {
            return;
        }
        while (!response.writeQueueFull()) {
            byte[] chunk = chunks.poll();
            if (chunk == null) {
                break;
            }
            if (!started) {
                started = true;
                beforeFirstWrite.run();
            }
            // Buffer.buffer copies the bytes, so the chunk can be filled again at once.
            response.write(Buffer.buffer(chunk));
            free.offer(chunk);
        }
        if (response.writeQueueFull()) {
            response.drainHandler(v -> drain());
            return;
        }
        if (finished && chunks.isEmpty()) {
            ended = true;
            if (!started) {
                started = true;
                beforeFirstWrite.run();
            }
            response.end();
        }
    }
}
