package io.cxpulse.agent.hid;

import java.nio.charset.StandardCharsets;

/** Test helper: hex text to bytes. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return DescriptorFiles.decode(hex.getBytes(StandardCharsets.US_ASCII));
    }
}
