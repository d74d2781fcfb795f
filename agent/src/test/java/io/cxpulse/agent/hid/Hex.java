package io.cxpulse.agent.hid;

/** Test helper: hex text to bytes. */
final class Hex {
    private Hex() {}

    static byte[] bytes(String hex) {
        return DescriptorFiles.decode(hex.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
