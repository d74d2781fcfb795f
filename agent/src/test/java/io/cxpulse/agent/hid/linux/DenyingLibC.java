package io.cxpulse.agent.hid.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.cxpulse.agent.hid.linux.jna.LibC;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real libc, except that {@code open} of chosen paths fails with EACCES, as a node without the udev rule does
 * for a normal user. (Tests often run as root, where file modes cannot refuse anything.)
 */
public final class DenyingLibC implements LibC {
    private final LibC real;
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    public DenyingLibC(LibC real) {
        this.real = real;
    }

    public void deny(String path) {
        denied.add(path);
    }

    public void allow(String path) {
        denied.remove(path);
    }

    @Override
    public int open(String pathname, int flags) {
        if (denied.contains(pathname)) {
            throw new LastErrorException(EACCES);
        }
        return real.open(pathname, flags);
    }

    @Override
    public int close(int fd) {
        return real.close(fd);
    }

    @Override
    public NativeLong read(int fd, byte[] buf, NativeLong count) {
        return real.read(fd, buf, count);
    }

    @Override
    public NativeLong write(int fd, byte[] buf, NativeLong count) {
        return real.write(fd, buf, count);
    }

    @Override
    public int poll(Pointer fds, NativeLong nfds, int timeout) {
        return real.poll(fds, nfds, timeout);
    }

    @Override
    public int ioctl(int fd, NativeLong request, Pointer argp) {
        return real.ioctl(fd, request, argp);
    }

    @Override
    public int pipe2(int[] pipefd, int flags) {
        return real.pipe2(pipefd, flags);
    }

    @Override
    public int inotify_init1(int flags) {
        return real.inotify_init1(flags);
    }

    @Override
    public int inotify_add_watch(int fd, String pathname, int mask) {
        return real.inotify_add_watch(fd, pathname, mask);
    }
}
