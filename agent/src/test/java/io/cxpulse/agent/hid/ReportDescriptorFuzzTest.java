package io.cxpulse.agent.hid;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cxpulse.agent.headset.TelephonyModel;

/**
 * Fuzzes the descriptor parser and telephony model: any input either parses or fails with
 * {@link HidDescriptorException}, never another exception or a hang. Without {@code JAZZER_FUZZ=1} it replays the
 * seed corpus in {@code src/test/resources/.../ReportDescriptorFuzzTestInputs/parse} as a regression test.
 */
class ReportDescriptorFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parse(byte[] input) {
        ReportDescriptor descriptor;
        try {
            descriptor = ReportDescriptorParser.parse(input);
        } catch (HidDescriptorException expected) {
            assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
            return;
        }
        TelephonyModel model = TelephonyModel.of(descriptor);
        assertThat(model.toJson()).startsWith("{\"callControl\": ");
        model.primary();
    }
}
