package io.cxpulse.server.store;

/** The store could not commit or read; the operation may succeed if retried later. */
public final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
