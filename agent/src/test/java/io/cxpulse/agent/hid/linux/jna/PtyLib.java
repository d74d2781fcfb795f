package io.cxpulse.agent.hid.linux.jna;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** Test-only libc calls that create a pseudo-terminal pair to stand in for a hidraw node. */
public interface PtyLib extends Library {
    PtyLib INSTANCE = Native.load("c", PtyLib.class);

    int TCSANOW = 0;

    /** {@code int posix_openpt(int flags)}: the master side; close it with libc close. */
    int posix_openpt(int flags) throws LastErrorException;

    int grantpt(int fd) throws LastErrorException;

    int unlockpt(int fd) throws LastErrorException;

    /** {@code int ptsname_r(int fd, char *buf, size_t buflen)}: returns 0 or an error number (not errno). */
    int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    /** {@code int tcgetattr(int fd, struct termios *t)}: {@code t} must hold at least 60 bytes. */
    int tcgetattr(int fd, Pointer termios) throws LastErrorException;

    int tcsetattr(int fd, int optionalActions, Pointer termios) throws LastErrorException;

    /** {@code void cfmakeraw(struct termios *t)}: no echo, no line editing, bytes pass unchanged. */
    void cfmakeraw(Pointer termios);
}
