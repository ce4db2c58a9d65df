package io.jvirt.driver.bhyve;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * The checks on values the converter writes into bhyve's arguments. libvirt copies them verbatim;
 * jvirt refuses what bhyve would misread: a ',' inside an option value (bhyve splits its -s and -l
 * values at commas, so "/a,b" would become a path and an option), control characters (a newline
 * would also forge a line of the argv text domxml-to-native prints), and a domain name bhyve's
 * getopt would take for an option.
 */
final class BhyveValues {

    private BhyveValues() {
    }

    /** A value embedded in a comma-separated bhyve option. */
    static String optionValue(String value, String what) {
        if (value.indexOf(',') >= 0) {
            throw BhyveCommandBuilder.unsupported(what + " '" + printableForm(value)
                + "' contains ',' which bhyve would read as an option separator");
        }
        if (!printable(value)) {
            throw BhyveCommandBuilder.unsupported(what + " '" + printableForm(value) + "' contains control characters");
        }
        return value;
    }

    /** A 9p share name: also no '=' (bhyve splits name=path at the first one). */
    static String shareName(String value) {
        optionValue(value == null ? "" : value, "filesystem target");
        if (value.indexOf('=') >= 0) {
            throw BhyveCommandBuilder.unsupported("filesystem target '" + value + "' contains '='");
        }
        return value;
    }

    /** The VM name, bhyve's last argument. */
    static void name(String name) {
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.BHYVE, "domain");
        }
        if (name.startsWith("-")) {
            throw BhyveCommandBuilder.unsupported("domain name '" + printableForm(name)
                + "' starts with '-' which bhyve would read as an option");
        }
        if (!printable(name)) {
            throw BhyveCommandBuilder.unsupported("domain name contains control characters");
        }
    }

    static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String printableForm(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    /** libvirt prints the interface type as its enum number (virDomainNetType) in "Network type %d". */
    static int netTypeNumber(String type) {
        String[] order = {"user", "ethernet", "vhostuser", "server", "client", "mcast", "udp", "network", "bridge",
            "internal", "direct", "hostdev", "vdpa", "null", "vds"};
        for (int i = 0; i < order.length; i++) {
            if (order[i].equals(type)) {
                return i;
            }
        }
        return -1;
    }
}
