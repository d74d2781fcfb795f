package io.cxpulse.agent.call;

import io.cxpulse.protocol.SurveyProgram;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A caller's number as the line knows it, and its hash: the only form in which it leaves the line. The number is the
 * user part of a {@code sip:}, {@code sips:} or {@code tel:} address, normalised to its digits with a leading
 * {@code +} kept; the hash is the HMAC-SHA256 of that, keyed with the center's salt, as 64 lower-case hex digits. The
 * same number gives the same hash at every agent of a center, and a different one at another center.
 */
public final class CallerNumbers {
    /** Longest number taken: E.164 allows 15 digits; private dial plans a few more. */
    static final int MAX_DIGITS = 20;

    private static final String VISUAL_SEPARATORS = "-.() ";

    private CallerNumbers() {}

    /**
     * The normalised number of an address ({@code sip:+49 30 1234@pbx;user=phone}, {@code <tel:+1-555-0100>},
     * {@code "Ana" <sip:0301234@pbx>}), or null when its user part is not a phone number ({@code anonymous},
     * {@code caller}, none at all).
     */
    public static String of(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        int open = a.indexOf('<');
        if (open >= 0) {
            int close = a.indexOf('>', open);
            a = close > open ? a.substring(open + 1, close) : a.substring(open + 1);
        }
        String lower = a.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("sip:")) {
            rest = a.substring(4);
        } else if (lower.startsWith("sips:")) {
            rest = a.substring(5);
        } else if (lower.startsWith("tel:")) {
            rest = a.substring(4);
        } else {
            return null;
        }
        if (!lower.startsWith("tel:")) {
            int at = rest.indexOf('@');
            if (at <= 0) {
                return null; // no user part: an address of a host, not of a number
            }
            rest = rest.substring(0, at);
        }
        int params = rest.indexOf(';');
        if (params >= 0) {
            rest = rest.substring(0, params); // ;phone-context=..., ;isub=..., ;ext=...
        }
        return normalise(rest.replace("%20", " "));
    }

    /** {@code +} (when it leads) and the digits of a dialled number; null when it holds anything else. */
    static String normalise(String user) {
        StringBuilder out = new StringBuilder(user.length());
        int digits = 0;
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                digits++;
            } else if (c == '+' && out.length() == 0) {
                out.append(c);
            } else if (VISUAL_SEPARATORS.indexOf(c) < 0) {
                return null;
            }
        }
        return digits == 0 || digits > MAX_DIGITS ? null : out.toString();
    }

    /**
     * The HMAC-SHA256 of a normalised number keyed with the center's salt ({@link SurveyProgram#SALT_LENGTH} hex
     * digits), as 64 lower-case hex digits.
     */
    public static String hash(String saltHex, String number) {
        byte[] salt = HexFormat.of().parseHex(saltHex);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(number.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
