package io.cxpulse.agent.hid.linux.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few libc calls the hidraw backend needs. Every call reports failure by throwing {@link LastErrorException}
 * carrying {@code errno}; constants are the Linux generic ABI values (x86_64, aarch64).
 */
public interface LibC extends Library {

    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_NONBLOCK = 0x800;
    int O_NOCTTY = 0x100;
    int O_CLOEXEC = 0x80000;

    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;

    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int EIO = 5;
    int EAGAIN = 11;
    int EACCES = 13;
    int ENODEV = 19;

    int IN_ATTRIB = 0x4;
    int IN_MOVED_FROM = 0x40;
    int IN_MOVED_TO = 0x80;
    int IN_CREATE = 0x100;
    int IN_DELETE = 0x200;

    /** {@code _IOR('H', 0x01, int)}: report descriptor size of a hidraw node. */
    long HIDIOCGRDESCSIZE = 0x80044801L;
    /** {@code _IOR('H', 0x02, struct hidraw_report_descriptor)}: the descriptor (u32 size, then 4096 bytes). */
    long HIDIOCGRDESC = 0x90044802L;

    /** Largest descriptor {@code HIDIOCGRDESC} returns. */
    int HID_MAX_DESCRIPTOR_SIZE = 4096;

    /** Size of {@code struct pollfd}: int fd, short events, short revents. */
    int POLLFD_SIZE = 8;

    /** Loads the process's C library. */
    static LibC load() {
        return Native.load("c", LibC.class);
    }

    /**
     * {@code int open(const char *pathname, int flags)}: returns a new file descriptor the caller must
     * {@link #close}; EACCES/EPERM when the node's permissions refuse this user.
     */
    int open(String pathname, int flags) throws LastErrorException;

    /** {@code int close(int fd)}: releases the descriptor even when it fails. */
    int close(int fd) throws LastErrorException;

    /**
     * {@code ssize_t read(int fd, void *buf, size_t count)}: on hidraw, one whole report per call; EAGAIN when a
     * non-blocking descriptor has nothing; 0 or EIO/ENODEV once the device is gone.
     */
    NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}: on hidraw, one output report, ID byte first. */
    NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

    /**
     * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}: blocks until an event or {@code timeout} ms
     * (-1 = forever); the caller owns {@code fds} ({@link #POLLFD_SIZE} bytes each); EINTR may be returned.
     */
    int poll(Pointer fds, NativeLong nfds, int timeout) throws LastErrorException;

    /** {@code int ioctl(int fd, unsigned long request, void *argp)}: the argument buffer is owned by the caller. */
    int ioctl(int fd, NativeLong request, Pointer argp) throws LastErrorException;

    /** {@code int pipe2(int pipefd[2], int flags)}: both descriptors must be closed by the caller. */
    int pipe2(int[] pipefd, int flags) throws LastErrorException;

    /** {@code int inotify_init1(int flags)}: a descriptor to poll and {@link #close}. */
    int inotify_init1(int flags) throws LastErrorException;

    /** {@code int inotify_add_watch(int fd, const char *pathname, uint32_t mask)}: a watch descriptor. */
    int inotify_add_watch(int fd, String pathname, int mask) throws LastErrorException;
}
