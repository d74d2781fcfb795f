package io.cxpulse.agent.hid;

/**
 * One collection of a report descriptor.
 *
 * @param index position in {@link ReportDescriptor#collections()}
 * @param parent index of the enclosing collection, or -1 for a top-level collection
 * @param type collection type byte (0 physical, 1 application, 2 logical, ...)
 * @param usage full 32-bit usage (page in the high 16 bits), 0 when none was declared
 * @param depth 0 for a top-level collection
 */
public record HidCollection(int index, int parent, int type, int usage, int depth) {
    public static final int PHYSICAL = 0;
    public static final int APPLICATION = 1;
    public static final int LOGICAL = 2;

    public int usagePage() {
        return usage >>> 16;
    }
}
