package io.cxpulse.agent.hid;

import java.util.List;

/** One operating system's way to find, watch and open HID devices. */
public interface HidBackend extends AutoCloseable {

    /** Hears about devices arriving and leaving. Called on the backend's thread; return quickly. */
    interface DeviceListener {
        void added(HidDeviceInfo device);

        void removed(HidDeviceInfo device);

        /** Something about a present device changed (e.g. udev granted access to its node). */
        default void changed(HidDeviceInfo device) {}
    }

    /** The devices present now (report descriptors are readable without device permission). */
    List<HidDeviceInfo> devices();

    /** Whether this process may open the device, and if not, how to fix it (null when it may). */
    String accessProblem(HidDeviceInfo device);

    /** Starts watching: {@code listener} first hears every present device as added, then every change. */
    void watch(DeviceListener listener);

    /** Opens a device; its input reports go to {@code handler} on the backend's reader thread. */
    HidDevice open(HidDeviceInfo device, HidInputHandler handler) throws HidAccessException;

    @Override
    void close();
}
