package io.jvirt.driver.phyp;

import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * What may reach an HMC command line. The HMC runs every command through its restricted shell and
 * splits {@code -i} attribute lists at commas and {@code -F}/{@code --filter} values likewise, so a
 * quote, blank, comma, equals sign or any shell character in a name would be misread (libvirt's
 * phyp driver pasted names in unchecked). Names are held to letters, digits and {@code . _ + -},
 * not starting with {@code -} (it would read as an option), at most 47 characters (the HMC's
 * limit for a partition name); disk paths to the same plus {@code /}.
 */
final class HmcNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+][A-Za-z0-9_.+-]{0,46}");
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_.+/][A-Za-z0-9_.+/-]{0,254}");

    private HmcNames() {
    }

    /** {@code name} when it may be sent; INVALID_ARG naming {@code what} otherwise. */
    static String check(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP, "invalid " + what + " '" + printable(name)
                + "': the HMC takes letters, digits and . _ + - only (at most 47, not starting with -)");
        }
        return name;
    }

    /** A disk source (a VIOS device or path) that may be sent in {@code virtual_scsi_adapters}. */
    static String checkDevice(String device) {
        if (device == null || !DEVICE.matcher(device).matches()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.PHYP, "invalid disk source '"
                + printable(device) + "': the HMC takes letters, digits and . _ + - / only");
        }
        return device;
    }

    /** Whether {@code name} could be sent (a listing may hold names made elsewhere that could not). */
    static boolean sendable(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
