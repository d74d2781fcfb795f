package io.cxpulse.agent.hid;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.headset.TelephonyControl;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.headset.TelephonyUsage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real headset descriptor decodes to the positions in the README table of the test resources. */
class HeadsetDescriptorsTest {

    static List<HeadsetDescriptors.Row> rows() {
        return HeadsetDescriptors.rows();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decodesToTheReadmeTable(HeadsetDescriptors.Row row) {
        TelephonyModel model = TelephonyModel.of(ReportDescriptorParser.parse(row.bytes()));

        assertThat(model.callControl()).as("call control").isEqualTo(row.hook() != null);
        assertInput(model, TelephonyUsage.HOOK_SWITCH, row.hook());
        assertInput(model, TelephonyUsage.PHONE_MUTE, row.mute());
        assertOutput(model, TelephonyUsage.LED_OFF_HOOK, row.offHook());
        assertOutput(model, TelephonyUsage.LED_MUTE, row.muteLed());
        assertOutput(model, TelephonyUsage.LED_RING, row.ring());
        assertOutput(model, TelephonyUsage.RINGER, row.ringer());
    }

    private static void assertInput(TelephonyModel model, TelephonyUsage usage, HeadsetDescriptors.Position expected) {
        Optional<TelephonyControl> control = model.input(usage);
        if (expected == null) {
            assertThat(control).as(usage.jsonName()).isEmpty();
            return;
        }
        assertThat(control).as(usage.jsonName()).isPresent();
        TelephonyControl c = control.get();
        assertThat(List.of(c.reportId(), c.bitOffset(), c.bitSize(), c.form().jsonName()))
                .as(usage.jsonName())
                .containsExactly(expected.reportId(), expected.bitOffset(), 1, expected.form());
    }

    private static void assertOutput(TelephonyModel model, TelephonyUsage usage, HeadsetDescriptors.Position expected) {
        List<TelephonyControl> controls = model.outputs(usage);
        if (expected == null) {
            assertThat(controls).as(usage.jsonName()).isEmpty();
            return;
        }
        assertThat(controls).as(usage.jsonName()).hasSize(1);
        TelephonyControl c = controls.get(0);
        assertThat(List.of(c.reportId(), c.bitOffset(), c.bitSize()))
                .as(usage.jsonName())
                .containsExactly(expected.reportId(), expected.bitOffset(), 1);
    }
}
