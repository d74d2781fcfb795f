package io.cxpulse.agent.hid.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import io.cxpulse.agent.hid.HidAccessException;
import io.cxpulse.agent.hid.HidBackend;
import io.cxpulse.agent.hid.HidDevice;
import io.cxpulse.agent.hid.HidDeviceInfo;
import io.cxpulse.agent.hid.HidInputHandler;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux HID backend over {@code /dev/hidrawN}: devices found in sysfs, nodes opened with libc through JNA. One
 * reader thread blocks in {@code poll} on every open device, an inotify descriptor on the device directory (hot-plug)
 * and a wake-up pipe, with no timeout: it uses no CPU while nothing happens. Where inotify is unavailable it rescans
 * sysfs once per {@link #RESCAN_WITHOUT_INOTIFY}.
 */
public final class HidrawBackend implements HidBackend {
    private static final Logger log = LoggerFactory.getLogger(HidrawBackend.class);

    /** Rescan period when the device directory cannot be watched. */
    public static final Duration RESCAN_WITHOUT_INOTIFY = Duration.ofSeconds(1);

    private static final int READ_BUFFER = 16_384;

    private final SysfsHidraw sysfs;
    private final LibC libc;
    private final List<HidrawDevice> open = new CopyOnWriteArrayList<>();
    private final Map<String, HidDeviceInfo> known = new LinkedHashMap<>();
    private final Map<String, Boolean> accessible = new LinkedHashMap<>();
    private final Map<String, Object> nodeKeys = new LinkedHashMap<>();
    private final Object lifecycle = new Object();
    private volatile DeviceListener listener;
    private volatile boolean closed;
    private Thread reader;
    private int wakeRead = -1;
    private int wakeWrite = -1;
    private int inotify = -1;

    /** The backend for this machine: {@code /sys} and {@code /dev}. */
    public static HidrawBackend system() {
        return new HidrawBackend(Path.of("/sys"), Path.of("/dev"), LibC.load());
    }

    public HidrawBackend(Path sysfsRoot, Path devDir, LibC libc) {
        this.libc = Objects.requireNonNull(libc);
        this.sysfs = new SysfsHidraw(sysfsRoot, devDir, this::descriptorByIoctl);
    }

    /** The descriptor through {@code HIDIOCGRDESCSIZE}/{@code HIDIOCGRDESC}, for when sysfs does not offer it. */
    private Optional<byte[]> descriptorByIoctl(Path node) {
        if (!Files.exists(node)) {
            return Optional.empty();
        }
        int fd;
        try {
            fd = libc.open(node.toString(), LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            return Optional.empty();
        }
        try (Memory size = new Memory(4);
                Memory desc = new Memory(4 + LibC.HID_MAX_DESCRIPTOR_SIZE)) {
            libc.ioctl(fd, new NativeLong(LibC.HIDIOCGRDESCSIZE), size);
            int n = size.getInt(0);
            if (n <= 0 || n > LibC.HID_MAX_DESCRIPTOR_SIZE) {
                return Optional.empty();
            }
            desc.clear();
            desc.setInt(0, n);
            libc.ioctl(fd, new NativeLong(LibC.HIDIOCGRDESC), desc);
            return Optional.of(desc.getByteArray(4, n));
        } catch (LastErrorException e) {
            log.debug("{}: no descriptor by ioctl: errno {}", node, e.getErrorCode());
            return Optional.empty();
        } finally {
            closeQuietly(fd);
        }
    }

    @Override
    public List<HidDeviceInfo> devices() {
        return sysfs.scan().stream()
                .filter(d -> Files.exists(Path.of(d.path())))
                .toList();
    }

    /** Tries to open the node (and closes it again): the only check that sees ACLs, capabilities and modes alike. */
    @Override
    public String accessProblem(HidDeviceInfo device) {
        String node = device.path();
        if (!Files.exists(Path.of(node))) {
            return "device node " + node + " is missing";
        }
        try {
            libc.close(libc.open(node, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC));
            return null;
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.EACCES || errno == LibC.EPERM) {
                return Udev.permissionFix(node);
            }
            return "cannot open " + node + ": errno " + errno;
        }
    }

    private static boolean mayOpen(HidDeviceInfo device) {
        Path node = Path.of(device.path());
        return Files.isReadable(node) && Files.isWritable(node);
    }

    @Override
    public void watch(DeviceListener deviceListener) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("backend closed");
            }
            if (listener != null) {
                throw new IllegalStateException("already watching");
            }
            listener = Objects.requireNonNull(deviceListener);
            startReader();
        }
        // The reader may already be blocked in poll for devices opened before watching.
        wake();
    }

    @Override
    public HidDevice open(HidDeviceInfo device, HidInputHandler handler) throws HidAccessException {
        String node = device.path();
        int fd;
        try {
            fd = libc.open(node, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == LibC.EACCES || errno == LibC.EPERM) {
                throw new HidAccessException(Udev.permissionFix(node), true, e);
            }
            throw new HidAccessException("cannot open " + node + ": errno " + errno, false, e);
        }
        HidrawDevice d = new HidrawDevice(device, fd, libc, handler, this::wake);
        synchronized (lifecycle) {
            if (closed) {
                d.closeFd();
                throw new HidAccessException("backend closed", false, null);
            }
            open.add(d);
            startReader();
        }
        wake();
        return d;
    }

    private void startReader() {
        if (reader != null) {
            return;
        }
        int[] pipe = new int[2];
        libc.pipe2(pipe, LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
        reader = new Thread(this::readLoop, "hidraw-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void wake() {
        int fd = wakeWrite;
        if (fd < 0) {
            return;
        }
        try {
            libc.write(fd, new byte[] {1}, new NativeLong(1));
        } catch (LastErrorException e) {
            // EAGAIN: the pipe is full, so the reader is awake already.
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[READ_BUFFER];
        boolean watching = listener != null;
        if (watching) {
            setUpInotify();
            rescan();
        }
        Memory fds = null;
        int capacity = 0;
        while (!closed) {
            if (!watching && listener != null) {
                watching = true;
                setUpInotify();
                rescan();
            }
            List<HidrawDevice> devices = new ArrayList<>(open);
            int count = 1 + (inotify >= 0 ? 1 : 0) + devices.size();
            if (count > capacity) {
                capacity = Math.max(count, 8);
                fds = new Memory((long) capacity * LibC.POLLFD_SIZE);
            }
            fds.clear();
            int slot = 0;
            setPollFd(fds, slot++, wakeRead);
            int inotifySlot = -1;
            if (inotify >= 0) {
                inotifySlot = slot;
                setPollFd(fds, slot++, inotify);
            }
            int firstDevice = slot;
            for (HidrawDevice d : devices) {
                setPollFd(fds, slot++, d.fd());
            }
            int timeout = watching && inotify < 0 ? (int) RESCAN_WITHOUT_INOTIFY.toMillis() : -1;
            int ready;
            try {
                ready = libc.poll(fds, new NativeLong(count), timeout);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                log.error("poll failed, hidraw reader stops: errno {}", e.getErrorCode());
                return;
            }
            if (ready == 0) {
                rescan();
                continue;
            }
            if (revents(fds, 0) != 0) {
                drain(wakeRead, buffer);
            }
            if (inotifySlot >= 0 && revents(fds, inotifySlot) != 0) {
                // Removals first, one by one: an unplug and replug read in one go (the hidraw number is reused)
                // must still reach the listener as removed, then added.
                for (String name : removedNames(buffer)) {
                    forget(sysfs.devDir().resolve(name).toString());
                }
                rescan();
            }
            for (int i = 0; i < devices.size(); i++) {
                HidrawDevice d = devices.get(i);
                int ev = revents(fds, firstDevice + i);
                if (ev != 0 && !d.isClosed()) {
                    service(d, ev, buffer);
                }
            }
            for (HidrawDevice d : devices) {
                if (d.isClosed()) {
                    open.remove(d);
                    d.closeFd();
                }
            }
        }
    }

    private static void setPollFd(Memory fds, int slot, int fd) {
        long base = (long) slot * LibC.POLLFD_SIZE;
        fds.setInt(base, fd);
        fds.setShort(base + 4, LibC.POLLIN);
        fds.setShort(base + 6, (short) 0);
    }

    private static int revents(Memory fds, int slot) {
        return fds.getShort((long) slot * LibC.POLLFD_SIZE + 6) & 0xFFFF;
    }

    /** Reads every report waiting on a device, or retires it when it hung up. */
    private void service(HidrawDevice d, int events, byte[] buffer) {
        if ((events & LibC.POLLIN) != 0) {
            for (int reads = 0; reads < 64; reads++) {
                int n;
                try {
                    n = libc.read(d.fd(), buffer, new NativeLong(buffer.length)).intValue();
                } catch (LastErrorException e) {
                    if (e.getErrorCode() == LibC.EAGAIN) {
                        return;
                    }
                    if (e.getErrorCode() == LibC.EINTR) {
                        continue;
                    }
                    log.info("{} gone: read errno {}", d.info(), e.getErrorCode());
                    retire(d);
                    return;
                }
                if (n <= 0) {
                    retire(d);
                    return;
                }
                d.deliver(buffer, n);
            }
            return;
        }
        if ((events & (LibC.POLLHUP | LibC.POLLERR | LibC.POLLNVAL)) != 0) {
            retire(d);
        }
    }

    private void retire(HidrawDevice d) {
        if (d.markClosed()) {
            open.remove(d);
            d.closeFd();
            d.handler().removed();
        }
    }

    private void drain(int fd, byte[] buffer) {
        try {
            while (libc.read(fd, buffer, new NativeLong(buffer.length)).intValue() > 0) {
                // Only the wake-up matters, not the bytes.
            }
        } catch (LastErrorException e) {
            // EAGAIN: drained.
        }
    }

    /** Drains the inotify descriptor and returns the names of entries deleted or moved away. */
    private List<String> removedNames(byte[] buffer) {
        List<String> names = new ArrayList<>();
        while (true) {
            int n;
            try {
                n = libc.read(inotify, buffer, new NativeLong(buffer.length)).intValue();
            } catch (LastErrorException e) {
                return names;
            }
            if (n <= 0) {
                return names;
            }
            // struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; char name[len]; }
            ByteBuffer events = ByteBuffer.wrap(buffer, 0, n).order(ByteOrder.nativeOrder());
            while (events.remaining() >= 16) {
                events.getInt();
                int mask = events.getInt();
                events.getInt();
                int len = events.getInt();
                if (len < 0 || len > events.remaining()) {
                    break;
                }
                byte[] raw = new byte[len];
                events.get(raw);
                int end = 0;
                while (end < len && raw[end] != 0) {
                    end++;
                }
                if ((mask & (LibC.IN_DELETE | LibC.IN_MOVED_FROM)) != 0 && end > 0) {
                    names.add(new String(raw, 0, end, StandardCharsets.UTF_8));
                }
            }
        }
    }

    /** Reports a known device as removed at once (its node was deleted). */
    private void forget(String path) {
        HidDeviceInfo d = known.remove(path);
        nodeKeys.remove(path);
        accessible.remove(path);
        DeviceListener l = listener;
        if (d != null && l != null) {
            safely(() -> l.removed(d));
        }
    }

    private void setUpInotify() {
        Path dir = sysfs.devDir();
        try {
            int fd = libc.inotify_init1(LibC.O_NONBLOCK | LibC.O_CLOEXEC);
            try {
                libc.inotify_add_watch(
                        fd,
                        dir.toString(),
                        LibC.IN_CREATE | LibC.IN_DELETE | LibC.IN_ATTRIB | LibC.IN_MOVED_FROM | LibC.IN_MOVED_TO);
                inotify = fd;
            } catch (LastErrorException e) {
                libc.close(fd);
                throw e;
            }
        } catch (LastErrorException e) {
            log.warn(
                    "cannot watch {} (errno {}): rescanning every {} ms instead",
                    dir,
                    e.getErrorCode(),
                    RESCAN_WITHOUT_INOTIFY.toMillis());
        }
    }

    /**
     * Compares sysfs with what the listener knows and reports the differences. A node that was recreated (unplug and
     * replug between two scans, which reuses the hidraw number) has a new inode, so it is reported as gone and added.
     */
    private void rescan() {
        DeviceListener l = listener;
        if (l == null) {
            return;
        }
        Map<String, HidDeviceInfo> now = new LinkedHashMap<>();
        Map<String, Object> nodeKeysNow = new LinkedHashMap<>();
        for (HidDeviceInfo d : devices()) {
            now.put(d.path(), d);
            nodeKeysNow.put(d.path(), nodeKey(d));
        }
        List<HidDeviceInfo> gone = new ArrayList<>();
        List<HidDeviceInfo> added = new ArrayList<>();
        List<HidDeviceInfo> changed = new ArrayList<>();
        Map<String, Boolean> accessNow = new LinkedHashMap<>();
        for (HidDeviceInfo d : now.values()) {
            accessNow.put(d.path(), mayOpen(d));
        }
        for (HidDeviceInfo d : known.values()) {
            if (!same(d, now.get(d.path()), nodeKeysNow)) {
                gone.add(d);
            }
        }
        for (HidDeviceInfo d : now.values()) {
            HidDeviceInfo before = known.get(d.path());
            if (!same(before, d, nodeKeysNow)) {
                added.add(d);
            } else if (!accessNow.get(d.path()).equals(accessible.get(d.path()))) {
                changed.add(d);
            }
        }
        known.clear();
        known.putAll(now);
        nodeKeys.clear();
        nodeKeys.putAll(nodeKeysNow);
        accessible.clear();
        accessible.putAll(accessNow);
        for (HidDeviceInfo d : gone) {
            safely(() -> l.removed(d));
        }
        for (HidDeviceInfo d : added) {
            safely(() -> l.added(d));
        }
        for (HidDeviceInfo d : changed) {
            safely(() -> l.changed(d));
        }
    }

    private boolean same(HidDeviceInfo before, HidDeviceInfo now, Map<String, Object> nodeKeysNow) {
        return before != null
                && now != null
                && before.equals(now)
                && Objects.equals(nodeKeys.get(before.path()), nodeKeysNow.get(now.path()));
    }

    /** The identity (device and inode) of the node entry itself, not of what a symlink points to. */
    private static Object nodeKey(HidDeviceInfo d) {
        try {
            return Files.readAttributes(Path.of(d.path()), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("device listener failed", e);
        }
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            t = reader;
        }
        for (HidrawDevice d : open) {
            d.markClosed();
        }
        wake();
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (HidrawDevice d : open) {
            d.closeFd();
        }
        open.clear();
        closeQuietly(inotify);
        closeQuietly(wakeRead);
        closeQuietly(wakeWrite);
        inotify = -1;
        wakeRead = -1;
        wakeWrite = -1;
    }

    private void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                log.debug("close({}) failed: errno {}", fd, e.getErrorCode());
            }
        }
    }

    /** The reader thread, for tests and diagnostics (null before the first watch or open). */
    public Thread readerThread() {
        synchronized (lifecycle) {
            return reader;
        }
    }
}
