package io.jvirt.shell.command;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import org.apache.karaf.shell.support.CommandException;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Sizes as virsh's storage commands print and read them: vshPrettyCapacity with "%.2lf"
 * ("1.00 GiB", "0.00 B") and virshVolSize (a decimal number with virScaleInteger's suffix,
 * default bytes). Sizes are unsigned 64-bit values carried in a long, as libvirt's
 * {@code unsigned long long}.
 */
final class StorageSizes {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private StorageSizes() {
    }

    /** vshPrettyCapacity then "%.2lf %s": the largest binary unit the value reaches, two decimals. */
    static String pretty(long bytes) {
        double val = unsignedToDouble(bytes);
        double limit = 1024;
        int unit = 0;
        while (unit < UNITS.length - 1 && val >= limit) {
            limit *= 1024;
            unit++;
        }
        double shown = unit == 0 ? val : val / (limit / 1024);
        return twoDecimals(shown) + " " + UNITS[unit];
    }

    /**
     * C's "%.2f": the exact binary value rounded to two places, ties to even (glibc's rounding of
     * an exactly representable tie such as 0.125); Java's own %.2f rounds ties up.
     */
    static String twoDecimals(double value) {
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The unsigned decimal form of a size ("%llu"). */
    static String bytes(long bytes) {
        return Long.toUnsignedString(bytes);
    }

    private static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    /**
     * virsh's virshVolSize: leading white space, digits (no sign: strtoull's "-" is refused,
     * as virStrToLong_ullp does), then an optional virScaleInteger suffix ("b", "byte", "bytes",
     * "k", "KiB", "KB" ... "E"); virsh's "Malformed size X" and, where libvirt raised one, its error
     * line under it.
     */
    static long parseVolSize(String text) throws CommandException {
        String malformed = "Malformed size " + text;
        int i = 0;
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '+') {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            throw VirtCommand.failure(malformed);
        }
        long value;
        try {
            value = Long.parseUnsignedLong(text.substring(digits, i));
        } catch (NumberFormatException e) {
            throw VirtCommand.failure(malformed); // strtoull's ERANGE: no libvirt error
        }
        String suffix = text.substring(i);
        long scale = scale(suffix);
        if (scale == 0) {
            throw VirtCommand.failure(malformed, new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "unknown suffix '" + suffix + "'"));
        }
        if (value != 0 && Long.compareUnsigned(value, Long.divideUnsigned(-1L, scale)) > 0) {
            throw VirtCommand.failure(malformed, new VirtException(ErrorCode.OVERFLOW, ErrorDomain.NONE,
                "value too large: " + Long.toUnsignedString(value) + suffix));
        }
        return value * scale;
    }

    /** virScaleInteger's multiplier for a suffix with scale 1; 0 for a suffix it refuses. */
    private static long scale(String suffix) {
        if (suffix.isEmpty()) {
            return 1;
        }
        String s = suffix.toLowerCase(Locale.ROOT);
        if (s.equals("b") || s.equals("byte") || s.equals("bytes")) {
            return 1;
        }
        long base;
        if (s.length() == 1 || s.substring(1).equals("ib")) {
            base = 1024;
        } else if (s.length() == 2 && s.charAt(1) == 'b') {
            base = 1000;
        } else {
            return 0;
        }
        int power = "kmgtpe".indexOf(s.charAt(0)) + 1;
        if (power == 0) {
            return 0;
        }
        long scale = 1;
        for (int p = 0; p < power; p++) {
            scale *= base;
        }
        return scale;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
