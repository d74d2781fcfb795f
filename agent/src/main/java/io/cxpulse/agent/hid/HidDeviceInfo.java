package io.cxpulse.agent.hid;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a backend knows about a HID device without opening it.
 *
 * @param path backend-specific path ({@code /dev/hidraw3}, a hidapi path, {@code virtual:...})
 * @param bus bus name: usb, bluetooth, virtual, ...
 * @param name product name as the OS reports it
 * @param serial serial number, empty when unknown
 * @param reportDescriptor the raw report descriptor (a copy is returned)
 */
public record HidDeviceInfo(
        String path, String bus, int vendorId, int productId, String name, String serial, byte[] reportDescriptor) {

    public HidDeviceInfo {
        reportDescriptor = reportDescriptor.clone();
    }

    @Override
    public byte[] reportDescriptor() {
        return reportDescriptor.clone();
    }

    /** {@code vvvv:pppp} in lower-case hex. */
    public String vidPid() {
        return String.format(Locale.ROOT, "%04x:%04x", vendorId, productId);
    }

    /** Identifies the physical headset across unplug and replug (the path may change). */
    public String stableKey() {
        return vidPid() + "/" + serial + (serial.isEmpty() ? "/" + name : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HidDeviceInfo other
                && path.equals(other.path)
                && bus.equals(other.bus)
                && vendorId == other.vendorId
                && productId == other.productId
                && name.equals(other.name)
                && serial.equals(other.serial)
                && Arrays.equals(reportDescriptor, other.reportDescriptor);
    }

    @Override
    public int hashCode() {
        return path.hashCode() * 31 + Arrays.hashCode(reportDescriptor);
    }

    @Override
    public String toString() {
        return path + " " + vidPid() + " " + name;
    }
}
