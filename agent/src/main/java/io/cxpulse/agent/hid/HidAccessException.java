package io.cxpulse.agent.hid;

import java.io.IOException;

/** A device could not be opened; when permission was denied the message says how to fix it. */
public final class HidAccessException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean permissionDenied;

    public HidAccessException(String message, boolean permissionDenied, Throwable cause) {
        super(message, cause);
        this.permissionDenied = permissionDenied;
    }

    public boolean permissionDenied() {
        return permissionDenied;
    }
}
