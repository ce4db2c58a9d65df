package io.jvirt.shell.command;

import org.apache.karaf.shell.support.CommandException;

/** virsh's parsing of numeric options, with its error lines. */
final class Numbers {

    private Numbers() {
    }

    /** A non-negative int option ("Numeric value 'x' for <name> option is malformed or out of range"). */
    static int parseInt(String value, String option) throws CommandException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VirtCommand.failure("Numeric value '" + value + "' for <" + option + "> option is malformed or out of range");
    }

    /** virsh's --timeout, in ms: whole seconds, at least 1, at most INT_MAX / 1000. */
    static long parseTimeoutMs(String value) throws CommandException {
        try {
            int seconds = Integer.parseInt(value);
            if (seconds >= 1 && seconds <= Integer.MAX_VALUE / 1000) {
                return seconds * 1000L;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw VirtCommand.failure("Numeric value '" + value + "' for <timeout> option is malformed or out of range");
    }

    /**
     * A scaled integer ("512", "512M", "2GiB", "1000KB"), in units of {@code unit} bytes when it has no
     * suffix, returned in KiB rounded up (virsh's vshCommandOptScaledInt then VIR_DIV_UP).
     */
    static long parseScaledKiB(String value, String option, long unit) throws CommandException {
        String bad = "Scaled numeric value '" + value + "' for <" + option + "> option is malformed or out of range";
        int i = 0;
        while (i < value.length() && Character.isDigit(value.charAt(i))) {
            i++;
        }
        long scale = scale(value.substring(i), unit);
        if (i == 0) {
            throw VirtCommand.failure(bad);
        }
        if (scale < 0) {
            // virScaleInteger's own error, which virsh reports after its line
            throw VirtCommand.failure(bad + "\nerror: invalid argument: unknown suffix '" + value.substring(i) + "'");
        }
        try {
            long bytes = Math.multiplyExact(Long.parseLong(value.substring(0, i)), scale);
            return bytes / 1024 + (bytes % 1024 == 0 ? 0 : 1);
        } catch (NumberFormatException | ArithmeticException e) {
            throw VirtCommand.failure(bad);
        }
    }

    /** Bytes per unit of a suffix as libvirt's virScaleInteger reads it; -1 when unknown. */
    private static long scale(String suffix, long unit) {
        if (suffix.isEmpty()) {
            return unit;
        }
        String s = suffix.toLowerCase(java.util.Locale.ROOT);
        long base = 1024;
        if (s.length() == 3 && s.endsWith("ib")) {
            s = s.substring(0, 1);
        } else if (s.length() == 2 && s.endsWith("b")) {
            base = 1000;
            s = s.substring(0, 1);
        } else if (s.length() != 1) {
            return -1;
        }
        int power = "bkmgtpe".indexOf(s.charAt(0));
        if (power < 0 || (power == 0 && base == 1000)) {
            return -1;
        }
        long scale = 1;
        for (int p = 0; p < power; p++) {
            scale *= base;
        }
        return scale;
    }
}
