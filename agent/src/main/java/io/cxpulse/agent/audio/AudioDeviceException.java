package io.cxpulse.agent.audio;

/** An audio device that cannot be used: missing, busy, or unable to carry 8 kHz mono audio. */
public final class AudioDeviceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AudioDeviceException(String message) {
        super(message);
    }

    public AudioDeviceException(String message, Throwable cause) {
        super(message, cause);
    }
}
