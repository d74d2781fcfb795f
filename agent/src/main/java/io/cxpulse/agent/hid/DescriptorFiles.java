package io.cxpulse.agent.hid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Reads a report descriptor stored either as hex text (whitespace-separated bytes) or as raw binary. */
public final class DescriptorFiles {
    private DescriptorFiles() {}

    /**
     * Decodes file content: text made only of hex digits, whitespace, commas and {@code 0x} prefixes is hex text;
     * anything else is the raw descriptor. Real descriptors open with a Usage Page item (0x05 or 0x06), which is not
     * text, so they never read as hex.
     */
    public static byte[] decode(byte[] content) {
        if (!looksLikeHex(content)) {
            return content.clone();
        }
        String text = new String(content, StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length / 2);
        int index = 0;
        for (String token : text.trim().split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            String digits = token.startsWith("0x") || token.startsWith("0X") ? token.substring(2) : token;
            if (digits.isEmpty() || digits.length() > 2 || !digits.chars().allMatch(DescriptorFiles::isHexDigit)) {
                throw new HidDescriptorException(-1, "hex text: token " + index + " '" + token + "' is not a byte");
            }
            out.write(Integer.parseInt(digits, 16));
            index++;
        }
        return out.toByteArray();
    }

    private static boolean looksLikeHex(byte[] content) {
        boolean digit = false;
        for (byte b : content) {
            int c = b & 0xFF;
            if (isHexDigit(c)) {
                digit = true;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',' && c != 'x' && c != 'X') {
                return false;
            }
        }
        return digit;
    }

    private static boolean isHexDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
