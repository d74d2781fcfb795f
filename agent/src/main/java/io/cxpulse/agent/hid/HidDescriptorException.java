package io.cxpulse.agent.hid;

/** A report descriptor that cannot be parsed: the message names the byte offset of the offending item. */
public final class HidDescriptorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int offset;

    public HidDescriptorException(int offset, String reason) {
        super(offset >= 0 ? "report descriptor byte " + offset + ": " + reason : "report descriptor: " + reason);
        this.offset = offset;
    }

    /** Byte offset of the item that failed, or -1 when the problem is not tied to one item. */
    public int offset() {
        return offset;
    }
}
