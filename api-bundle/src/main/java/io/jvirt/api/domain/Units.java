package io.jvirt.api.domain;

import java.util.Locale;

/**
 * libvirt's scaled integers: a number with a {@code unit} attribute, normalised to KiB and
 * rounded up, as {@code virDomainParseMemory} does.
 */
public final class Units {

    /** The largest memory size libvirt accepts, in KiB ({@code VIR_DOMAIN_MEMORY_PARAMS_UNLIMITED}). */
    public static final long MAX_KIB = 9007199254740991L;

    private Units() {
    }

    /**
     * The multiplier to bytes of a libvirt unit name: b/bytes, KB, k/KiB, MB, M/MiB, GB, G/GiB,
     * TB, T/TiB, PB, P/PiB, EB, E/EiB (case-insensitive, as libvirt).
     *
     * @param unit the unit, or null/empty for {@code defaultUnit}
     */
    public static long scale(String unit, long defaultScale) {
        if (unit == null || unit.isEmpty()) {
            return defaultScale;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("byte") || u.equals("bytes")) {
            return 1;
        }
        int power = switch (u.charAt(0)) {
            case 'k' -> 1;
            case 'm' -> 2;
            case 'g' -> 3;
            case 't' -> 4;
            case 'p' -> 5;
            case 'e' -> 6;
            default -> -1;
        };
        String rest = u.substring(1);
        long base = switch (rest) {
            case "", "ib" -> 1024;
            case "b" -> 1000;
            default -> -1;
        };
        if (power < 0 || base < 0) {
            throw ParseContext.xmlError("unknown suffix '" + unit + "'");
        }
        long s = 1;
        for (int i = 0; i < power; i++) {
            s *= base; // at most 1024^6 = 2^60: never overflows
        }
        return s;
    }

    /**
     * Converts {@code value} {@code unit}s to KiB, rounding up.
     *
     * @throws io.jvirt.api.VirtException XML_ERROR for a bad number, unit or a value too large
     */
    public static long toKiB(String value, String unit, String what) {
        String v = value == null ? "" : value.trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ParseContext.badValue(what, v);
        }
        if (n < 0) {
            throw ParseContext.badValue(what, v);
        }
        long scale = scale(unit, 1024);
        long kib;
        if (scale % 1024 == 0) {
            long factor = scale / 1024;
            if (n > MAX_KIB / factor) {
                throw tooLarge(what, v, unit);
            }
            kib = n * factor;
        } else {
            // decimal units and bytes: exact product, rounded up to whole KiB
            java.math.BigInteger bytes = java.math.BigInteger.valueOf(n).multiply(java.math.BigInteger.valueOf(scale));
            java.math.BigInteger k = bytes.add(java.math.BigInteger.valueOf(1023)).shiftRight(10);
            if (k.bitLength() > 62) {
                throw tooLarge(what, v, unit);
            }
            kib = k.longValue();
        }
        if (kib > MAX_KIB) {
            throw tooLarge(what, v, unit);
        }
        return kib;
    }

    private static io.jvirt.api.VirtException tooLarge(String what, String v, String unit) {
        return ParseContext.xmlError("value too large for '" + what + "': " + v + (unit == null ? "" : " " + unit));
    }

    /** Reads {@code <x unit='...'>N</x>} as KiB; null when the element is null. */
    static Long elementKiB(XmlElement e) {
        if (e == null) {
            return null;
        }
        return toKiB(e.text(), e.get("unit"), e.name());
    }
}
