package io.cxpulse.server;

/** Entry point of {@code cx-server}. */
public final class ServerMain {
    public static void main(String[] args) {}
}
