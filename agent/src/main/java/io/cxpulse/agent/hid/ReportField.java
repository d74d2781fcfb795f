package io.cxpulse.agent.hid;

import java.util.Arrays;

/**
 * One Input, Output or Feature main item: where its bits sit in its report and which usages it carries. Bit offsets
 * count from the first byte after the report-ID byte, as Linux {@code hid-core} does.
 */
public final class ReportField {
    private static final int CONSTANT = 0x01;
    private static final int VARIABLE = 0x02;
    private static final int RELATIVE = 0x04;
    private static final int NULL_STATE = 0x40;

    private final ReportType type;
    private final int reportId;
    private final int bitOffset;
    private final int reportSize;
    private final int reportCount;
    private final int flags;
    private final long logicalMinimum;
    private final long logicalMaximum;
    private final int[] usages;
    private final int collection;

    ReportField(
            ReportType type,
            int reportId,
            int bitOffset,
            int reportSize,
            int reportCount,
            int flags,
            long logicalMinimum,
            long logicalMaximum,
            int[] usages,
            int collection) {
        this.type = type;
        this.reportId = reportId;
        this.bitOffset = bitOffset;
        this.reportSize = reportSize;
        this.reportCount = reportCount;
        this.flags = flags;
        this.logicalMinimum = logicalMinimum;
        this.logicalMaximum = logicalMaximum;
        this.usages = usages;
        this.collection = collection;
    }

    public ReportType type() {
        return type;
    }

    /** 0 when the device uses no report IDs. */
    public int reportId() {
        return reportId;
    }

    public int bitOffset() {
        return bitOffset;
    }

    public int reportSize() {
        return reportSize;
    }

    public int reportCount() {
        return reportCount;
    }

    public int bitLength() {
        return reportSize * reportCount;
    }

    /** The main item's data bits (constant, variable, relative, ...). */
    public int flags() {
        return flags;
    }

    public long logicalMinimum() {
        return logicalMinimum;
    }

    public long logicalMaximum() {
        return logicalMaximum;
    }

    /** Index of the innermost enclosing collection, -1 when the item sits outside every collection. */
    public int collection() {
        return collection;
    }

    public boolean isConstant() {
        return (flags & CONSTANT) != 0;
    }

    public boolean isVariable() {
        return (flags & VARIABLE) != 0;
    }

    public boolean isArray() {
        return !isVariable();
    }

    public boolean isRelative() {
        return (flags & RELATIVE) != 0;
    }

    public boolean hasNullState() {
        return (flags & NULL_STATE) != 0;
    }

    /** A field without usages only takes space (constant padding, or data the host cannot name). */
    public boolean isPadding() {
        return usages.length == 0;
    }

    /** Number of usages declared before the main item (after Linux's usage-page completion). */
    public int usageCount() {
        return usages.length;
    }

    /**
     * The usage of value slot {@code index} of a variable field, or of array selector {@code index}; like Linux, slots
     * beyond the declared usages repeat the last one.
     */
    public int usage(int index) {
        if (usages.length == 0) {
            return 0;
        }
        return usages[Math.min(index, usages.length - 1)];
    }

    public int[] usages() {
        return usages.clone();
    }

    @Override
    public String toString() {
        return type + "{id=" + reportId + ", bit=" + bitOffset + ", size=" + reportSize + ", count=" + reportCount
                + ", flags=0x" + Integer.toHexString(flags) + ", logical=" + logicalMinimum + ".." + logicalMaximum
                + ", usages="
                + Arrays.stream(usages).mapToObj(u -> String.format("%08x", u)).toList() + "}";
    }
}
