package io.cxpulse.agent.hid;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A parsed HID report descriptor: its collections and the bit layout of every input, output and feature report. */
public final class ReportDescriptor {
    private final List<HidCollection> collections;
    private final List<ReportField> fields;
    private final Map<ReportKey, Integer> reportBits;

    ReportDescriptor(List<HidCollection> collections, List<ReportField> fields, Map<ReportKey, Integer> reportBits) {
        this.collections = List.copyOf(collections);
        this.fields = List.copyOf(fields);
        this.reportBits = Map.copyOf(reportBits);
    }

    /** Identifies one report: its type and ID (0 when the device uses no report IDs). */
    public record ReportKey(ReportType type, int reportId) {}

    public List<HidCollection> collections() {
        return collections;
    }

    /** Every main data item in descriptor order, padding included. */
    public List<ReportField> fields() {
        return fields;
    }

    /** Whether reports on the wire start with a report-ID byte. */
    public boolean usesReportIds() {
        return reportBits.keySet().stream().anyMatch(k -> k.reportId() != 0);
    }

    /** Report IDs of the given type, ascending. */
    public Set<Integer> reportIds(ReportType type) {
        Set<Integer> ids = new TreeSet<>();
        reportBits.keySet().stream().filter(k -> k.type() == type).forEach(k -> ids.add(k.reportId()));
        return ids;
    }

    /** Length of a report's payload in bits (without the report-ID byte); 0 when the report does not exist. */
    public int reportBits(ReportType type, int reportId) {
        return reportBits.getOrDefault(new ReportKey(type, reportId), 0);
    }

    /** Length of a report's payload in bytes (without the report-ID byte). */
    public int reportBytes(ReportType type, int reportId) {
        return (reportBits(type, reportId) + 7) / 8;
    }

    /** The top-level collection that encloses collection {@code index}, or -1 for none. */
    public int topLevelOf(int index) {
        int i = index;
        while (i >= 0 && collections.get(i).parent() >= 0) {
            i = collections.get(i).parent();
        }
        return i;
    }

    /** The innermost application collection that encloses collection {@code index}, or -1 for none. */
    public int applicationOf(int index) {
        for (int i = index; i >= 0; i = collections.get(i).parent()) {
            if (collections.get(i).type() == HidCollection.APPLICATION) {
                return i;
            }
        }
        return -1;
    }
}
