package io.cxpulse.agent.headset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.linux.Udev;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuirksTest {
    private static HidDeviceInfo device(int vid, int pid) {
        return new HidDeviceInfo("/dev/hidraw0", "usb", vid, pid, "x", "", new byte[0]);
    }

    @Test
    void parsesEntriesAndComments() {
        Quirks q = Quirks.parse("# comment\n0B0E:0307 echo-window-ms=800  # late echo\n\n047f:c053 ignore=true\n");
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.of(device(0x0b0e, 0x0307)).echoWindow()).contains(Duration.ofMillis(800));
        assertThat(q.of(device(0x047f, 0xc053)).ignore()).isTrue();
        assertThat(q.of(device(0x1395, 0x009c))).isEqualTo(new Quirks.Quirk(Optional.empty(), false));
    }

    @Test
    void badLinesAreNamed() {
        assertThatThrownBy(() -> Quirks.parse("\nnot-an-id x=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quirks line 2: 'not-an-id' is not vvvv:pppp");
        assertThatThrownBy(() -> Quirks.parse("0b0e:0307 echo-window-ms=-5"))
                .hasMessageContaining("echo-window-ms must be 0..10000");
        assertThatThrownBy(() -> Quirks.parse("0b0e:0307 colour=red")).hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void theBundledFileIsPackedAndLoads() {
        assertThat(Quirks.class.getClassLoader().getResource(Quirks.RESOURCE)).isNotNull();
        assertThat(Quirks.bundled().size()).isZero();
    }

    @Test
    void theUdevRuleAndHwdbArePackedWithTheAgent() throws Exception {
        try (InputStream rules = getClass().getClassLoader().getResourceAsStream(Udev.RULES);
                InputStream hwdb = getClass()
                        .getClassLoader()
                        .getResourceAsStream("native-config/linux/70-cx-pulse-headsets.hwdb")) {
            assertThat(rules).isNotNull();
            assertThat(new String(rules.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("SUBSYSTEM==\"hidraw\"")
                    .contains("TAG+=\"uaccess\"");
            assertThat(hwdb).isNotNull();
            assertThat(new String(hwdb.readAllBytes(), StandardCharsets.UTF_8)).contains("KEYBOARD_KEY_b002f=reserved");
        }
    }
}
