package io.cxpulse.agent.headset;

/**
 * Where one telephony control sits: report ID (0 without IDs), bit offset after the report-ID byte, bit size, form
 * (inputs only, null for outputs) and logical range. An array control is present while any of its {@code bitSize /
 * slotSize} slots holds {@code arraySelector}.
 */
public record TelephonyControl(
        TelephonyUsage usage,
        int reportId,
        int bitOffset,
        int bitSize,
        ControlForm form,
        long logicalMinimum,
        long logicalMaximum,
        boolean array,
        int slotSize,
        long arraySelector,
        int topLevelCollection) {}
