package io.jvirt.core.kit.vmx;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.LibvirtUuids;

/**
 * The value syntaxes of VMX files: VMware's {@code |XX} and {@code %XX} escapes
 * ({@code virVMXEscapeHex}/{@code virVMXUnescapeHex}) and the uuid.bios form, plus two adapters
 * over libvirt's readers every converter shares ({@link LibvirtNumbers}, {@link LibvirtUuids};
 * MAC addresses: {@code MacAddress.canonical}).
 */
public final class VmxNumbers {

    private VmxNumbers() {
    }

    /** virStrToLong_ull(s, NULL, 10) as a number ("-N" wraps around as in C), or null. */
    static BigInteger strToUnsignedLong(String s) {
        Long v = LibvirtNumbers.ull(s);
        return v == null ? null : new BigInteger(Long.toUnsignedString(v));
    }

    /** virUUIDParse, in canonical lower-case form, or null. */
    static String parseUuid(String s) {
        UUID u = LibvirtUuids.parse(s);
        return u == null ? null : u.toString();
    }

    /** A canonical UUID in VMware's uuid.bios form: "56 4d 9b ef ac d9 b4 e0-c8 f0 ae a8 b9 10 35 15". */
    static String biosUuid(String uuid) {
        String hex = uuid.replace("-", "").toLowerCase(Locale.ROOT);
        StringBuilder u = new StringBuilder(47);
        for (int i = 0; i < 32; i += 2) {
            u.append(i == 0 ? "" : i == 16 ? "-" : " ").append(hex, i, i + 2);
        }
        return u.toString();
    }

    /** virVMXEscapeHex: {@code escape} itself and each of {@code special} become {@code escape} + two hex digits. */
    static String escapeHex(String s, char escape, String special) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == escape || special.indexOf(c) >= 0) {
                out.append(escape).append(String.format(Locale.ROOT, "%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** VMware's pipe escape of display names and annotations: '|' and '"'. */
    public static String escapePipe(String s) {
        return escapeHex(s, '|', "\"");
    }

    /** VMware's percent escape of display names: '%', '/' and '\'. */
    public static String escapePercent(String s) {
        return escapeHex(s, '%', "/\\");
    }

    /**
     * virVMXUnescapeHex: every {@code escape} must be followed by two hex digits, which stand for
     * one byte (the bytes make UTF-8 text again); null for an invalid escape sequence.
     */
    static String unescapeHex(String s, char escape) {
        if (s.indexOf(escape) < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == escape) {
                if (i + 2 >= in.length || !LibvirtNumbers.isHexDigit((char) in[i + 1]) || !LibvirtNumbers.isHexDigit((char) in[i + 2])) {
                    return null;
                }
                out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
