package io.cxpulse.agent.hid.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.cxpulse.agent.hid.ReportDescriptor;
import io.cxpulse.agent.hid.ReportDescriptorParser;
import io.cxpulse.agent.hid.ReportType;
import io.cxpulse.agent.hid.linux.jna.LibC;
import io.cxpulse.agent.hid.linux.jna.PtyLib;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A fake hidraw world: a sysfs tree ({@code sys/class/hidraw/hidrawN/device/report_descriptor}, {@code uevent})
 * and a device directory where {@code hidrawN} is a symlink to the slave side of a raw-mode pseudo-terminal. The
 * test plays the device on the master side: it writes input reports and reads the output reports the backend
 * writes. Closing the master is an unplug: the backend's descriptor hangs up, as a removed hidraw node does.
 */
public final class FakeHidraw implements AutoCloseable {
    public final Path sys;
    public final Path dev;
    private final LibC libc = LibC.load();
    private final Map<String, Node> nodes = new HashMap<>();

    public FakeHidraw(Path root) {
        try {
            this.sys = Files.createDirectories(root.resolve("sys"));
            this.dev = Files.createDirectories(root.resolve("dev"));
            Files.createDirectories(sys.resolve("class/hidraw"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public LibC libc() {
        return libc;
    }

    /** Adds a device: sysfs entry first, then the node, as the kernel does. */
    public Node plug(String name, byte[] descriptor, int vid, int pid, String productName, String serial) {
        try {
            Path device = Files.createDirectories(
                    sys.resolve("class/hidraw").resolve(name).resolve("device"));
            Files.write(device.resolve("report_descriptor"), descriptor);
            Files.writeString(
                    device.resolve("uevent"),
                    String.format(
                            "DRIVER=hid-generic%nHID_ID=0003:%08X:%08X%nHID_NAME=%s%nHID_PHYS=usb-fake/input3%n"
                                    + "HID_UNIQ=%s%nMODALIAS=hid:b0003g0001v%08Xp%08X%n",
                            vid, pid, productName, serial, vid, pid),
                    StandardCharsets.UTF_8);
            Node node = new Node(name, descriptor);
            Files.createSymbolicLink(dev.resolve(name), Path.of(node.slave));
            nodes.put(name, node);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a device: the node hangs up and disappears, then its sysfs entry. */
    public void unplug(String name) {
        Node node = nodes.remove(name);
        try {
            if (node != null) {
                node.hangUp();
            }
            Files.deleteIfExists(dev.resolve(name));
            Path entry = sys.resolve("class/hidraw").resolve(name);
            if (Files.exists(entry)) {
                try (var walk = Files.walk(entry)) {
                    for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                            .toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        new ArrayList<>(nodes.keySet()).forEach(this::unplug);
    }

    /** The device end of one fake node. */
    public final class Node {
        final String name;
        final String slave;
        final ReportDescriptor descriptor;
        private final int master;
        private final List<byte[]> pending = new ArrayList<>();
        private byte[] partial = new byte[0];
        private boolean open = true;

        private Node(String name, byte[] descriptorBytes) {
            this.name = name;
            this.descriptor = ReportDescriptorParser.parse(descriptorBytes);
            PtyLib pty = PtyLib.INSTANCE;
            master = pty.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
            pty.grantpt(master);
            pty.unlockpt(master);
            byte[] buf = new byte[128];
            int rc = pty.ptsname_r(master, buf, new NativeLong(buf.length));
            if (rc != 0) {
                throw new IllegalStateException("ptsname_r failed: " + rc);
            }
            int len = 0;
            while (buf[len] != 0) {
                len++;
            }
            slave = new String(buf, 0, len, StandardCharsets.US_ASCII);
            try (Memory termios = new Memory(256)) {
                pty.tcgetattr(master, termios);
                pty.cfmakeraw(termios);
                pty.tcsetattr(master, PtyLib.TCSANOW, termios);
            }
        }

        /** Sends one input report (report-ID byte first when the device uses IDs). */
        public void send(byte[] report) {
            int n = libc.write(master, report, new NativeLong(report.length)).intValue();
            if (n != report.length) {
                throw new IllegalStateException("short write " + n);
            }
        }

        /** Waits for {@code count} output reports (split by the descriptor's output report lengths). */
        public List<byte[]> outputs(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (pending.size() < count) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !readSome((int) left)) {
                    break;
                }
            }
            if (pending.size() < count) {
                throw new AssertionError("expected " + count + " output reports on " + name + ", got "
                        + pending.stream().map(HexFormat.of()::formatHex).toList());
            }
            List<byte[]> taken = new ArrayList<>(pending.subList(0, count));
            pending.subList(0, count).clear();
            return taken;
        }

        /** Output reports that arrive within {@code quiet}, without expecting any. */
        List<byte[]> drain(Duration quiet) {
            while (readSome((int) quiet.toMillis())) {
                // keep reading while bytes arrive
            }
            List<byte[]> taken = new ArrayList<>(pending);
            pending.clear();
            return taken;
        }

        private boolean readSome(int timeoutMillis) {
            try (Memory pfd = new Memory(LibC.POLLFD_SIZE)) {
                pfd.setInt(0, master);
                pfd.setShort(4, LibC.POLLIN);
                pfd.setShort(6, (short) 0);
                if (libc.poll(pfd, new NativeLong(1), timeoutMillis) == 0) {
                    return false;
                }
            }
            byte[] buf = new byte[4096];
            int n;
            try {
                n = libc.read(master, buf, new NativeLong(buf.length)).intValue();
            } catch (LastErrorException e) {
                return false;
            }
            byte[] all = Arrays.copyOf(partial, partial.length + n);
            System.arraycopy(buf, 0, all, partial.length, n);
            int pos = 0;
            while (pos < all.length) {
                int id = all[pos] & 0xFF;
                int length = 1 + descriptor.reportBytes(ReportType.OUTPUT, id);
                if (pos + length > all.length) {
                    break;
                }
                pending.add(Arrays.copyOfRange(all, pos, pos + length));
                pos += length;
            }
            partial = Arrays.copyOfRange(all, pos, all.length);
            return true;
        }

        private void hangUp() {
            if (open) {
                open = false;
                libc.close(master);
            }
        }
    }
}
