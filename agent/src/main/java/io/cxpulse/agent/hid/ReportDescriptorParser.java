package io.cxpulse.agent.hid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a HID 1.11 report descriptor into its bit layout, the way Linux {@code hid-core} does, so that the offsets
 * are those the operating system delivers. Pure: bytes in, model out; every malformed input ends in a
 * {@link HidDescriptorException}, and the work is bounded by the limits below.
 */
public final class ReportDescriptorParser {
    /** Larger than any real descriptor (hidraw caps them at 4 KiB); bounds the work on hostile input. */
    public static final int MAX_DESCRIPTOR_BYTES = 65_536;
    /** Linux {@code HID_MAX_USAGES}: the most usages (and the largest report count) one main item may have. */
    static final int MAX_USAGES = 12_288;
    /** Bounds memory across the whole descriptor. */
    static final int MAX_TOTAL_USAGES = 262_144;
    /** Linux rejects report sizes above 256 bits. */
    static final int MAX_REPORT_SIZE = 256;
    /** Linux {@code HID_MAX_BUFFER_SIZE} minus the report-ID byte, in bits. */
    static final int MAX_REPORT_BITS = (16_384 - 1) * 8;

    static final int MAX_GLOBAL_STACK = 16;
    static final int MAX_COLLECTION_DEPTH = 64;

    private static final int TYPE_MAIN = 0;
    private static final int TYPE_GLOBAL = 1;
    private static final int TYPE_LOCAL = 2;

    private ReportDescriptorParser() {}

    /** Parses {@code descriptor}; throws {@link HidDescriptorException} with the byte offset if it is malformed. */
    public static ReportDescriptor parse(byte[] descriptor) {
        if (descriptor.length == 0) {
            throw new HidDescriptorException(-1, "empty descriptor");
        }
        if (descriptor.length > MAX_DESCRIPTOR_BYTES) {
            throw new HidDescriptorException(
                    -1, "descriptor of " + descriptor.length + " bytes exceeds " + MAX_DESCRIPTOR_BYTES);
        }
        return new Run(descriptor).parse();
    }

    /** The global item state that Push and Pop save and restore. */
    private static final class Globals implements Cloneable {
        long usagePage;
        long logicalMinimum;
        long logicalMaximum;
        long physicalMinimum;
        long physicalMaximum;
        long unitExponent;
        long unit;
        int reportSize;
        int reportCount;
        int reportId;

        @Override
        public Globals clone() {
            try {
                return (Globals) super.clone();
            } catch (CloneNotSupportedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static final class Run {
        private final byte[] d;
        private Globals globals = new Globals();
        private final Deque<Globals> globalStack = new ArrayDeque<>();
        private final List<HidCollection> collections = new ArrayList<>();
        private final Deque<Integer> open = new ArrayDeque<>();
        private final List<ReportField> fields = new ArrayList<>();
        private final Map<ReportDescriptor.ReportKey, Integer> reportBits = new HashMap<>();

        private int[] usages = new int[16];
        private int[] usageSizes = new int[16];
        private int usageCount;
        private long usageMinimum;
        private int delimiterDepth;
        private int delimiterBranch;
        private int totalUsages;

        Run(byte[] descriptor) {
            this.d = descriptor;
        }

        ReportDescriptor parse() {
            int pos = 0;
            while (pos < d.length) {
                int start = pos;
                int prefix = d[pos++] & 0xFF;
                if (prefix == 0xFE) {
                    // Long item: HID 1.11 defines no long item tags, so its data is skipped, as hosts do.
                    if (pos + 2 > d.length) {
                        throw new HidDescriptorException(start, "truncated long item header");
                    }
                    int size = d[pos] & 0xFF;
                    pos += 2;
                    if (pos + size > d.length) {
                        throw new HidDescriptorException(
                                start,
                                "truncated long item: needs " + size + " data bytes, " + (d.length - pos) + " left");
                    }
                    pos += size;
                    continue;
                }
                int sizeCode = prefix & 0x03;
                int size = sizeCode == 3 ? 4 : sizeCode;
                int type = (prefix >> 2) & 0x03;
                int tag = prefix >> 4;
                if (pos + size > d.length) {
                    throw new HidDescriptorException(
                            start,
                            String.format(
                                    "truncated item 0x%02x: needs %d data bytes, %d left",
                                    prefix, size, d.length - pos));
                }
                long udata = 0;
                for (int i = 0; i < size; i++) {
                    udata |= (long) (d[pos + i] & 0xFF) << (8 * i);
                }
                long sdata = size == 0 ? 0 : (udata << (64 - 8 * size)) >> (64 - 8 * size);
                pos += size;
                switch (type) {
                    case TYPE_MAIN -> main(start, tag, udata);
                    case TYPE_GLOBAL -> global(start, tag, size, udata, sdata);
                    case TYPE_LOCAL -> local(start, tag, size, udata);
                    default -> {
                        // Reserved item type: ignored, as Linux does.
                    }
                }
            }
            if (!open.isEmpty()) {
                throw new HidDescriptorException(-1, open.size() + " collection(s) not closed at end of descriptor");
            }
            if (delimiterDepth != 0) {
                throw new HidDescriptorException(-1, "delimiter not closed at end of descriptor");
            }
            return new ReportDescriptor(collections, fields, reportBits);
        }

        private void main(int at, int tag, long data) {
            concatenateLastUsagePage();
            switch (tag) {
                case 0x8 -> addField(at, ReportType.INPUT, (int) data);
                case 0x9 -> addField(at, ReportType.OUTPUT, (int) data);
                case 0xB -> addField(at, ReportType.FEATURE, (int) data);
                case 0xA -> openCollection(at, (int) (data & 0xFF));
                case 0xC -> {
                    if (open.isEmpty()) {
                        throw new HidDescriptorException(at, "End Collection without an open collection");
                    }
                    open.pop();
                }
                default -> {
                    // Unknown main item: ignored (with its locals), as Linux does.
                }
            }
            resetLocals();
        }

        private void openCollection(int at, int type) {
            if (open.size() >= MAX_COLLECTION_DEPTH) {
                throw new HidDescriptorException(at, "collections nested deeper than " + MAX_COLLECTION_DEPTH);
            }
            int parent = open.isEmpty() ? -1 : open.peek();
            int usage = usageCount > 0 ? usages[0] : 0;
            HidCollection c = new HidCollection(collections.size(), parent, type, usage, open.size());
            collections.add(c);
            open.push(c.index());
        }

        private void addField(int at, ReportType type, int flags) {
            long min = globals.logicalMinimum;
            long max = globals.logicalMaximum;
            boolean invalidRange = min < 0 ? max < min : (max & 0xFFFF_FFFFL) < (min & 0xFFFF_FFFFL);
            if (invalidRange) {
                throw new HidDescriptorException(at, "logical maximum " + max + " is below logical minimum " + min);
            }
            var key = new ReportDescriptor.ReportKey(type, globals.reportId);
            int offset = reportBits.getOrDefault(key, 0);
            long end = offset + (long) globals.reportSize * globals.reportCount;
            if (end > MAX_REPORT_BITS) {
                throw new HidDescriptorException(
                        at,
                        type.name().toLowerCase(Locale.ROOT) + " report " + globals.reportId + " grows to " + end
                                + " bits, over the " + MAX_REPORT_BITS + "-bit limit");
            }
            reportBits.put(key, (int) end);
            int collection = open.isEmpty() ? -1 : open.peek();
            fields.add(new ReportField(
                    type,
                    globals.reportId,
                    offset,
                    globals.reportSize,
                    globals.reportCount,
                    flags,
                    min,
                    max,
                    Arrays.copyOf(usages, usageCount),
                    collection));
        }

        private void global(int at, int tag, int size, long udata, long sdata) {
            switch (tag) {
                case 0x0 -> globals.usagePage = udata;
                case 0x1 -> globals.logicalMinimum = sdata;
                case 0x2 -> globals.logicalMaximum = globals.logicalMinimum < 0 ? sdata : udata;
                case 0x3 -> globals.physicalMinimum = sdata;
                case 0x4 -> globals.physicalMaximum = globals.physicalMinimum < 0 ? sdata : udata;
                case 0x5 -> globals.unitExponent = sdata;
                case 0x6 -> globals.unit = udata;
                case 0x7 -> {
                    if (udata > MAX_REPORT_SIZE) {
                        throw new HidDescriptorException(
                                at, "report size " + udata + " exceeds " + MAX_REPORT_SIZE + " bits");
                    }
                    globals.reportSize = (int) udata;
                }
                case 0x8 -> {
                    if (udata == 0 || udata > 255) {
                        throw new HidDescriptorException(at, "report ID " + udata + " outside 1..255");
                    }
                    globals.reportId = (int) udata;
                }
                case 0x9 -> {
                    if (udata > MAX_USAGES) {
                        throw new HidDescriptorException(at, "report count " + udata + " exceeds " + MAX_USAGES);
                    }
                    globals.reportCount = (int) udata;
                }
                case 0xA -> {
                    if (globalStack.size() >= MAX_GLOBAL_STACK) {
                        throw new HidDescriptorException(at, "Push nested deeper than " + MAX_GLOBAL_STACK);
                    }
                    globalStack.push(globals.clone());
                }
                case 0xB -> {
                    if (globalStack.isEmpty()) {
                        throw new HidDescriptorException(at, "Pop without a matching Push");
                    }
                    globals = globalStack.pop();
                }
                default ->
                    throw new HidDescriptorException(
                            at, String.format("unknown global item tag 0x%x (size %d)", tag, size));
            }
        }

        private void local(int at, int tag, int size, long udata) {
            switch (tag) {
                case 0x0 -> {
                    if (delimiterBranch <= 1) {
                        addUsage(at, (int) udata, size);
                    }
                }
                case 0x1 -> {
                    if (delimiterBranch <= 1) {
                        usageMinimum = udata;
                    }
                }
                case 0x2 -> {
                    if (delimiterBranch > 1) {
                        return;
                    }
                    long count = udata - usageMinimum + 1;
                    if (count > MAX_USAGES - usageCount) {
                        throw new HidDescriptorException(
                                at,
                                "usage range " + usageMinimum + ".." + udata + " gives more than " + MAX_USAGES
                                        + " usages");
                    }
                    for (long n = usageMinimum; n <= udata; n++) {
                        addUsage(at, (int) n, size);
                    }
                }
                case 0xA -> {
                    if (udata != 0) {
                        if (delimiterDepth != 0) {
                            throw new HidDescriptorException(at, "nested delimiter");
                        }
                        delimiterDepth++;
                        delimiterBranch++;
                    } else {
                        if (delimiterDepth < 1) {
                            throw new HidDescriptorException(at, "close delimiter without an open one");
                        }
                        delimiterDepth--;
                    }
                }
                default -> {
                    // Designators, strings and unknown local items carry nothing the layout needs.
                }
            }
        }

        private void addUsage(int at, int usage, int size) {
            if (usageCount >= MAX_USAGES) {
                throw new HidDescriptorException(at, "more than " + MAX_USAGES + " usages before one main item");
            }
            if (++totalUsages > MAX_TOTAL_USAGES) {
                throw new HidDescriptorException(at, "more than " + MAX_TOTAL_USAGES + " usages in the descriptor");
            }
            if (usageCount == usages.length) {
                usages = Arrays.copyOf(usages, usages.length * 2);
                usageSizes = Arrays.copyOf(usageSizes, usageSizes.length * 2);
            }
            usages[usageCount] = size <= 2 ? withPage(usage) : usage;
            usageSizes[usageCount] = size;
            usageCount++;
        }

        private int withPage(int usage) {
            return (int) ((globals.usagePage & 0xFFFF) << 16) | (usage & 0xFFFF);
        }

        /**
         * Linux {@code hid_concatenate_last_usage_page}: at a main item, 16-bit usages declared before the last
         * Usage Page take that page, walking back until one already carries it.
         */
        private void concatenateLastUsagePage() {
            int page = (int) (globals.usagePage & 0xFFFF);
            for (int i = usageCount - 1; i >= 0; i--) {
                if (usageSizes[i] > 2) {
                    continue;
                }
                if ((usages[i] >>> 16) == page) {
                    break;
                }
                usages[i] = withPage(usages[i]);
            }
        }

        private void resetLocals() {
            usageCount = 0;
            usageMinimum = 0;
            delimiterDepth = 0;
            delimiterBranch = 0;
        }
    }
}
