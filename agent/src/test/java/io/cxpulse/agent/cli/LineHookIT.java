package io.cxpulse.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cxpulse.agent.audio.FakeMixerProvider;
import io.cxpulse.agent.call.CallTracker;
import io.cxpulse.agent.dtmf.DtmfGenerator;
import io.cxpulse.agent.headset.FakeHeadset;
import io.cxpulse.agent.headset.FakeHeadsetDevice;
import io.cxpulse.agent.headset.TelephonyModel;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.linux.FakeHidraw;
import io.cxpulse.testkit.Await;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cx-agent run --line device --line-hook ...}: a USB phone adapter whose HID report descriptor has a line
 * hook output. When the agent hangs up the headset, the adapter's line is taken off hook before the survey's first
 * prompt and hung up after the survey, so the adapter keeps the caller for the survey and only for it.
 */
class LineHookIT {
    /**
     * A phone adapter's report descriptor, written for this test from the HID Usage Tables' Telephony Device page
     * (0x0B): a Phone application collection (usage 0x01) whose Hook Switch (usage 0x20, an on/off control) is an
     * output the host sets, bit 0 of output report 1, with 7 bits of padding. The usage tables let an on/off control be
     * an input, an output or a feature; a line interface that the host takes off hook declares it as an output.
     */
    static final byte[] ADAPTER = {
        0x05,
        0x0B, // Usage Page (Telephony)
        0x09,
        0x01, // Usage (Phone)
        (byte) 0xA1,
        0x01, // Collection (Application)
        (byte) 0x85,
        0x01, //   Report ID (1)
        0x15,
        0x00, //   Logical Minimum (0)
        0x25,
        0x01, //   Logical Maximum (1)
        0x75,
        0x01, //   Report Size (1)
        (byte) 0x95,
        0x01, //   Report Count (1)
        0x09,
        0x20, //   Usage (Hook Switch)
        (byte) 0x91,
        0x22, //   Output (Data, Variable, Absolute, No Preferred)
        (byte) 0x95,
        0x07, //   Report Count (7)
        (byte) 0x91,
        0x01, //   Output (Constant)
        (byte) 0xC0 // End Collection
    };

    @TempDir
    Path dir;

    @Test
    void theAdapterHoldsTheLineOffHookDuringTheSurveyAndReleasesItAfter() throws Exception {
        DtmfGenerator keys = new DtmfGenerator(8000).withToneMs(80).withGapMs(600);
        short[] lead = new short[8000];
        short[] tones = keys.digits("5101");
        short[] caller = new short[lead.length + tones.length];
        System.arraycopy(tones, 0, caller, lead.length, tones.length);
        FakeMixerProvider.reset(caller);

        Path token = Files.writeString(dir.resolve("token"), "secret\n");
        FakeHeadsetDevice device =
                new FakeHeadsetDevice(TelephonyModel.of(ReportDescriptorParser.parse(FakeHeadset.descriptor())));
        try (FakeHidraw fake = new FakeHidraw(dir.resolve("hw"))) {
            FakeHidraw.Node node = fake.plug("hidraw0", FakeHeadset.descriptor(), 0x0b0e, 0x0001, "Desk Headset", "S1");
            FakeHidraw.Node adapter = fake.plug("hidraw1", ADAPTER, 0x0d8c, 0x0170, "USB Phone Adapter", "A1");
            RunCommand run = new RunCommand();
            run.server.servers = List.of(URI.create("http://127.0.0.1:9")); // nothing listens there
            run.agentId = "agent-07";
            run.tokenFile = token;
            run.playback = FakeMixerProvider.PHONE;
            run.capture = FakeMixerProvider.PHONE;
            run.lineHook = "Phone Adapter";
            run.minTalkSeconds = 0;
            run.echoWindowMs = 0;
            run.dataDir = dir.resolve("agent");
            run.hid.sysfs = fake.sys;
            run.hid.dev = fake.dev;

            try (RunCommand.Running running = run.start()) {
                Await.until(
                        "the headset is attached, not the adapter",
                        Duration.ofSeconds(5),
                        () -> running.headsets()
                                .active()
                                .map(h -> h.device().info().name().equals("Desk Headset"))
                                .orElse(false));
                device.hookOff().forEach(node::send);
                Await.until(
                        "the call is active",
                        Duration.ofSeconds(5),
                        () -> running.desk().callState() == CallTracker.State.ACTIVE);
                device.hookOn().forEach(node::send);

                // The in-memory line runs faster than real time: the survey may be over before the reports are read.
                List<byte[]> hook = adapter.outputs(2, Duration.ofSeconds(60));
                assertThat(hook.get(0)).as("off hook as the survey starts").containsExactly(0x01, 0x01);
                assertThat(hook.get(1)).as("hung up as it ends").containsExactly(0x01, 0x00);
                Await.until(
                        "the survey is over",
                        Duration.ofSeconds(5),
                        () -> running.desk().surveys() == 1);
            }
        }
    }
}
