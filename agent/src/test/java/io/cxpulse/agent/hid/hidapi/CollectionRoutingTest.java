package io.cxpulse.agent.hid.hidapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.headset.TelephonyUsage;
import io.cxpulse.agent.hid.DescriptorFiles;
import io.cxpulse.agent.hid.HeadsetDescriptors;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.hidapi.CollectionRouting.Entry;
import io.cxpulse.agent.hid.hidapi.CollectionRouting.Routing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CollectionRoutingTest {
    /** What the headset layer asks of a collection: call control. */
    private static final Predicate<ReportDescriptor> HEADSET =
            d -> TelephonyModel.of(d).callControl();

    private static byte[] hex(String s) {
        return DescriptorFiles.decode(s.getBytes(StandardCharsets.US_ASCII));
    }

    // Windows gives each top-level collection its own path and only that collection's descriptor.
    private static final byte[] CONSUMER =
            hex("05 0c 09 01 a1 01 85 01 15 00 25 01 75 01 95 02 09 e9 09 ea 81 02" + " 95 06 81 01 c0");
    private static final byte[] TELEPHONY = hex("05 0b 09 05 a1 01 85 02 15 00 25 01 75 01 95 01 09 20 81 22"
            + " 09 2f 81 06 95 06 81 01 05 08 09 17 09 09 95 02 91 22 95 06 91 01 c0");
    private static final byte[] VENDOR = hex("06 00 ff 09 01 a1 01 85 05 15 00 26 ff 00 75 08 95 08 09 01 91 02 c0");

    private static Entry entry(String path, String serial, int usagePage, byte[] descriptor) {
        return new Entry(path, 0x0b0e, 0x0307, serial, "Headset", 3, usagePage, 1, descriptor);
    }

    @Test
    void windowsCollectionsOfOneDeviceAreGroupedAndTheHeadsetFoundByItsDescriptor() {
        List<Entry> entries = List.of(
                entry("\\\\?\\hid#vid_0b0e&pid_0307&mi_03&col01#7&1a&0&0000#{4d1e55b2}", "S1", 0x0C, CONSUMER),
                entry("\\\\?\\hid#vid_0b0e&pid_0307&mi_03&col02#7&1a&0&0001#{4d1e55b2}", "S1", 0x0B, TELEPHONY),
                entry("\\\\?\\hid#vid_0b0e&pid_0307&mi_03&col03#7&1a&0&0002#{4d1e55b2}", "S1", 0xFF00, VENDOR),
                entry("\\\\?\\hid#vid_0b0e&pid_0307&mi_03&col02#7&2b&0&0001#{4d1e55b2}", "S2", 0x0B, TELEPHONY));
        Map<String, List<Entry>> groups = CollectionRouting.group(entries);
        assertThat(groups).hasSize(2);

        Routing r = CollectionRouting.route(groups.values().iterator().next(), HEADSET)
                .orElseThrow();
        assertThat(r.headset().path()).contains("col02#7&1a");
        assertThat(r.writePath(2)).isEqualTo(r.headset().path());
        assertThat(r.writePath(5)).contains("col03");
        assertThat(TelephonyModel.of(r.descriptor()).callControl()).isTrue();
    }

    @Test
    void macOsReportsTheFirstCollectionsUsagePageSoTheDescriptorDecides() {
        // Poly Blackwire: the first top-level collection is Consumer, telephony comes later.
        Entry e = new Entry(
                "DevSrvsID:4295001234",
                0x047f,
                0xc053,
                "",
                "Blackwire",
                -1,
                0x0C,
                1,
                HeadsetDescriptors.bytes("poly-blackwire-c5220"));
        Routing r = CollectionRouting.route(List.of(e), HEADSET).orElseThrow();
        assertThat(r.headset()).isEqualTo(e);
        assertThat(r.writePath(0x17)).isEqualTo(e.path());
        assertThat(TelephonyModel.of(r.descriptor()).input(TelephonyUsage.HOOK_SWITCH))
                .get()
                .extracting(c -> c.reportId())
                .isEqualTo(8);
    }

    @Test
    void devicesWithoutCallControlOrReadableDescriptorAreNotRouted() {
        Entry gaming =
                new Entry("p1", 0x046d, 0x0ac4, "", "G535", 3, 0x0C, 1, HeadsetDescriptors.bytes("logitech-g535"));
        Entry unreadable = new Entry("p2", 0x046d, 0x0ac4, "", "G535", 3, 0x0C, 1, new byte[0]);
        assertThat(CollectionRouting.route(List.of(gaming, unreadable), HEADSET))
                .isEqualTo(Optional.empty());
    }
}
