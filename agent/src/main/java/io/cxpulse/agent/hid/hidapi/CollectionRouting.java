package io.cxpulse.agent.hid.hidapi;

import io.cxpulse.agent.hid.HidDescriptorException;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Pure rules for hidapi devices. hidapi lists one entry per top-level collection (on Windows each with its own path
 * and only that collection's descriptor), and reports only the first collection's usage page, so the wanted
 * collection is found by parsing descriptors (what is wanted, a headset's call control, is the caller's test), and
 * each output report is written through the entry whose descriptor declares it.
 */
public final class CollectionRouting {
    private CollectionRouting() {}

    /** One hidapi enumeration entry with the report descriptor read from it (empty when unreadable). */
    public record Entry(
            String path,
            int vendorId,
            int productId,
            String serial,
            String product,
            int interfaceNumber,
            int usagePage,
            int usage,
            byte[] descriptor) {}

    /**
     * How to talk to one physical device: the wanted collection's entry to read from, its parsed descriptor, and the
     * entry for each output report ID.
     */
    public record Routing(Entry headset, ReportDescriptor descriptor, Map<Integer, String> writePaths) {
        /** The path to write output report {@code reportId} through (the headset's own path by default). */
        public String writePath(int reportId) {
            return writePaths.getOrDefault(reportId, headset.path());
        }
    }

    /**
     * Identifies the physical device an entry belongs to: VID, PID, serial, interface and the path without the
     * parts Windows varies per collection.
     */
    public static String deviceKey(Entry e) {
        // Windows: ...&mi_03&col02#7&1a2b&0&0001#{guid}: the collection number and the instance's last part vary.
        String path = e.path().replaceAll("(?i)&col[0-9a-f]+", "").replaceAll("(?i)&[0-9a-f]{4}(#\\{)", "$1");
        return String.format(
                Locale.ROOT,
                "%04x:%04x/%s/%d/%s",
                e.vendorId(),
                e.productId(),
                e.serial() == null ? "" : e.serial(),
                e.interfaceNumber(),
                path);
    }

    /** Groups entries by physical device, in enumeration order. */
    public static Map<String, List<Entry>> group(List<Entry> entries) {
        Map<String, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : entries) {
            groups.computeIfAbsent(deviceKey(e), k -> new ArrayList<>()).add(e);
        }
        return groups;
    }

    /** The routing of one physical device, or empty when none of its collections is {@code wanted}. */
    public static Optional<Routing> route(List<Entry> collections, Predicate<ReportDescriptor> wanted) {
        Entry headset = null;
        ReportDescriptor descriptor = null;
        Map<Integer, String> writePaths = new LinkedHashMap<>();
        for (Entry e : collections) {
            ReportDescriptor d;
            try {
                d = ReportDescriptorParser.parse(e.descriptor());
            } catch (HidDescriptorException ex) {
                continue;
            }
            if (headset == null && wanted.test(d)) {
                headset = e;
                descriptor = d;
            }
            for (int id : d.reportIds(ReportType.OUTPUT)) {
                writePaths.putIfAbsent(id, e.path());
            }
        }
        if (headset == null) {
            return Optional.empty();
        }
        // The headset's own collection wins for the report IDs it declares.
        for (int id : descriptor.reportIds(ReportType.OUTPUT)) {
            writePaths.put(id, headset.path());
        }
        return Optional.of(new Routing(headset, descriptor, Map.copyOf(writePaths)));
    }
}
