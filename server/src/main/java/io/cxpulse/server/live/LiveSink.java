package io.cxpulse.server.live;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;

/** Where one subscriber's events go: an HTTP response in production, a fake in tests. */
public interface LiveSink {
    /** Queues text for the subscriber; never blocks. */
    void write(String text);

    /** Whether the subscriber is behind: its connection takes no more for now. */
    boolean writeQueueFull();

    /** Called once when a full subscriber can take more again. */
    void drainHandler(Handler<Void> handler);

    /** Called once when the subscriber goes away. */
    void closeHandler(Handler<Void> handler);

    void end();

    /** An SSE response as a sink. */
    static LiveSink of(HttpServerResponse response) {
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        return new LiveSink() {
            @Override
            public void write(String text) {
                response.write(text);
            }

            @Override
            public boolean writeQueueFull() {
                return response.writeQueueFull();
            }

            @Override
            public void drainHandler(Handler<Void> handler) {
                response.drainHandler(handler);
            }

            @Override
            public void closeHandler(Handler<Void> handler) {
                response.closeHandler(handler);
                response.exceptionHandler(e -> handler.handle(null));
            }

            @Override
            public void end() {
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        };
    }
}
