package io.cxpulse.agent.headset;

import io.cxpulse.agent.hid.HidCollection;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportField;
import io.cxpulse.agent.hid.ReportType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The call-control view of a report descriptor: every telephony input and output, wherever the device put it (a
 * Telephony collection, a nested one, or a Consumer collection). Outputs count only inside a top-level collection
 * that carries telephony usages, so a keyboard's LEDs in a combined device are left alone.
 */
public final class TelephonyModel {
    private final ReportDescriptor descriptor;
    private final List<TelephonyControl> inputs;
    private final List<TelephonyControl> outputs;

    private TelephonyModel(ReportDescriptor descriptor, List<TelephonyControl> inputs, List<TelephonyControl> outputs) {
        this.descriptor = descriptor;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
    }

    /** Builds the model of a parsed descriptor. */
    public static TelephonyModel of(ReportDescriptor descriptor) {
        Set<Integer> telephonyTops = new HashSet<>();
        for (HidCollection c : descriptor.collections()) {
            if (c.usagePage() == TelephonyUsage.TELEPHONY_PAGE) {
                telephonyTops.add(descriptor.topLevelOf(c.index()));
            }
        }
        for (ReportField f : descriptor.fields()) {
            if (f.type() != ReportType.FEATURE && !f.isConstant()) {
                for (int u : f.usages()) {
                    if ((u >>> 16) == TelephonyUsage.TELEPHONY_PAGE) {
                        telephonyTops.add(descriptor.topLevelOf(f.collection()));
                        break;
                    }
                }
            }
        }
        List<TelephonyControl> inputs = new ArrayList<>();
        List<TelephonyControl> outputs = new ArrayList<>();
        for (ReportField f : descriptor.fields()) {
            if (f.type() == ReportType.FEATURE || f.isConstant() || f.isPadding() || f.reportSize() == 0) {
                continue;
            }
            int top = descriptor.topLevelOf(f.collection());
            if (!telephonyTops.contains(top)) {
                continue;
            }
            boolean input = f.type() == ReportType.INPUT;
            if (f.isVariable()) {
                // Slots past the declared usages repeat the last one: its first slot stands for them all, which
                // also bounds the work on hostile descriptors by the number of usages.
                int slots = Math.min(f.reportCount(), f.usageCount());
                for (int i = 0; i < slots; i++) {
                    int slot = i;
                    TelephonyUsage.of(f.usage(i), input)
                            .ifPresent(u -> (input ? inputs : outputs)
                                    .add(new TelephonyControl(
                                            u,
                                            f.reportId(),
                                            f.bitOffset() + slot * f.reportSize(),
                                            f.reportSize(),
                                            input ? formOf(f) : null,
                                            f.logicalMinimum(),
                                            f.logicalMaximum(),
                                            false,
                                            f.reportSize(),
                                            -1,
                                            top)));
                }
            } else if (input) {
                // Array: the field holds the selector values of the controls currently active.
                int[] usages = f.usages();
                for (int j = 0; j < usages.length; j++) {
                    long selector = f.logicalMinimum() + j;
                    if (selector > f.logicalMaximum()) {
                        break;
                    }
                    TelephonyUsage.of(usages[j], true)
                            .ifPresent(u -> inputs.add(new TelephonyControl(
                                    u,
                                    f.reportId(),
                                    f.bitOffset(),
                                    f.bitLength(),
                                    ControlForm.ABSOLUTE,
                                    f.logicalMinimum(),
                                    f.logicalMaximum(),
                                    true,
                                    f.reportSize(),
                                    selector,
                                    top)));
                }
            }
        }
        return new TelephonyModel(descriptor, inputs, outputs);
    }

    private static ControlForm formOf(ReportField f) {
        if (!f.isRelative()) {
            return ControlForm.ABSOLUTE;
        }
        return f.logicalMinimum() < 0 ? ControlForm.TWO_BUTTON : ControlForm.TOGGLE;
    }

    public ReportDescriptor descriptor() {
        return descriptor;
    }

    /** Whether the device can answer and end calls: it has a Telephony Hook Switch. */
    public boolean callControl() {
        return inputs.stream().anyMatch(c -> c.usage() == TelephonyUsage.HOOK_SWITCH);
    }

    /** All telephony inputs in descriptor order. */
    public List<TelephonyControl> inputs() {
        return inputs;
    }

    /** All telephony outputs (LEDs, ringer) in descriptor order. */
    public List<TelephonyControl> outputs() {
        return outputs;
    }

    /**
     * The controls of the headset the host drives: the top-level collection holding the first Hook Switch. A base
     * with several telephony collections keeps the others untouched.
     */
    public TelephonyModel primary() {
        Optional<TelephonyControl> hook = inputs.stream()
                .filter(c -> c.usage() == TelephonyUsage.HOOK_SWITCH)
                .findFirst();
        if (hook.isEmpty()) {
            return this;
        }
        int top = hook.get().topLevelCollection();
        return new TelephonyModel(
                descriptor,
                inputs.stream().filter(c -> c.topLevelCollection() == top).toList(),
                outputs.stream().filter(c -> c.topLevelCollection() == top).toList());
    }

    /** First input of the given kind. */
    public Optional<TelephonyControl> input(TelephonyUsage usage) {
        return inputs.stream().filter(c -> c.usage() == usage).findFirst();
    }

    /** Every output of the given kind (a device may mirror one LED in several reports). */
    public List<TelephonyControl> outputs(TelephonyUsage usage) {
        return outputs.stream().filter(c -> c.usage() == usage).toList();
    }

    /**
     * The stable JSON of {@code cx-agent hid describe}: {@code callControl}, then inputs and outputs, each entry with
     * keys usage, reportId, bitOffset, bitSize, form (inputs only), in descriptor order, without repeated entries.
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"callControl\": ").append(callControl()).append(", \"inputs\": [");
        appendEntries(sb, inputs);
        sb.append("], \"outputs\": [");
        appendEntries(sb, outputs);
        sb.append("]}");
        return sb.toString();
    }

    private static void appendEntries(StringBuilder sb, List<TelephonyControl> controls) {
        Set<String> seen = new LinkedHashSet<>();
        for (TelephonyControl c : controls) {
            StringBuilder e = new StringBuilder();
            e.append("{\"usage\": \"").append(c.usage().jsonName()).append('"');
            e.append(", \"reportId\": ").append(c.reportId());
            e.append(", \"bitOffset\": ").append(c.bitOffset());
            e.append(", \"bitSize\": ").append(c.bitSize());
            if (c.form() != null) {
                e.append(", \"form\": \"").append(c.form().jsonName()).append('"');
            }
            e.append('}');
            seen.add(e.toString());
        }
        sb.append(String.join(", ", seen));
    }
}
