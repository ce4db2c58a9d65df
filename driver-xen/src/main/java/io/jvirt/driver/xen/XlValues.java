package io.jvirt.driver.xen;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.core.kit.conf.VirConf;
import io.jvirt.core.kit.conf.VirConfValue;

/**
 * xen_common.c's typed readers over a {@link VirConf} (xenConfigGetBool, xenConfigGetULong,
 * xenConfigGetULongLong, xenConfigGetString, xenConfigCopyString[Opt]) with their errors.
 */
final class XlValues {

    private final VirConf conf;

    XlValues(VirConf conf) {
        this.conf = conf;
    }

    VirConf conf() {
        return conf;
    }

    static VirtException malformed(String name) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XEN, "config value " + name + " was malformed");
    }

    /** xenConfigGetBool: a number is true when not 0, a string when it is "1"; def when absent; -1 works as a "not set" default. */
    int bool(String name, int def) {
        VirConfValue v = conf.get(name);
        if (v == null) {
            return def;
        }
        if (v instanceof VirConfValue.Number n) {
            return n.value() != 0 ? 1 : 0;
        }
        if (v instanceof VirConfValue.Str s) {
            return "1".equals(s.value()) ? 1 : 0;
        }
        throw malformed(name);
    }

    /** xenConfigGetULong / GetULongLong (the same on 64-bit Linux): the unsigned 64-bit value's bits. */
    long ulong(String name, long def) {
        VirConfValue v = conf.get(name);
        if (v == null) {
            return def;
        }
        if (v instanceof VirConfValue.Number n) {
            return n.value();
        }
        if (v instanceof VirConfValue.Str s) {
            Long l = LibvirtNumbers.ull(s.value());
            if (l == null) {
                throw malformed(name);
            }
            return l;
        }
        throw malformed(name);
    }

    /** xenConfigGetString: the string, or def when absent (errors of virConfGetValueString). */
    String string(String name, String def) {
        String s = conf.string(name);
        return s == null ? def : s;
    }

    /** xenConfigCopyString: INTERNAL_ERROR "config value x was missing" when absent. */
    String required(String name) {
        String s = conf.string(name);
        if (s == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XEN, "config value " + name + " was missing");
        }
        return s;
    }

    /** C's (int) cast of an unsigned long. */
    static int toInt(long l) {
        return (int) l;
    }

    /** virStrToLong_i(s, NULL, 16): optional blanks and sign, an optional 0x, hex digits, nothing after; null otherwise. */
    static Integer hexInt(String s) {
        int i = 0;
        while (i < s.length() && LibvirtNumbers.isSpace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if ((s.startsWith("0x", i) || s.startsWith("0X", i)) && i + 2 < s.length()
            && LibvirtNumbers.isHexDigit(s.charAt(i + 2))) {
            i += 2;
        }
        int start = i;
        long v = 0;
        while (i < s.length() && LibvirtNumbers.isHexDigit(s.charAt(i))) {
            v = v * 16 + Character.digit(s.charAt(i), 16);
            if (v > 0x80000000L) {
                return null;
            }
            i++;
        }
        if (i == start || i != s.length()) {
            return null;
        }
        v = neg ? -v : v;
        return v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : (int) v;
    }
}
