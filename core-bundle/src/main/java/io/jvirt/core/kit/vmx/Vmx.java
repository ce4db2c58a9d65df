package io.jvirt.core.kit.vmx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.core.kit.conf.VirConf;

/**
 * A parsed VMX file: its entries in file order, and libvirt's typed getters over them
 * ({@code virVMXGetConfigString}, {@code ...Long}, {@code ...Boolean}, {@code ...UUID}). Names are
 * looked up as libvirt's virConfGetValue does in VMX format ({@link VirConf#vmxKey}: ASCII case
 * ignored; the first of duplicate entries wins), through an index because the converter asks for
 * hundreds of names. The getters take libvirt's entry names ("scsi0:0.fileName") so that their errors name the
 * entry as libvirt does.
 */
public final class Vmx {

    private final List<String> names = new ArrayList<>();
    /** By lower-case name, the first value given. */
    private final Map<String, String> values = new HashMap<>();

    /** Appends an entry (a later duplicate never hides an earlier one). */
    public Vmx put(String name, String value) {
        names.add(name);
        values.putIfAbsent(VirConf.vmxKey(name), value);
        return this;
    }

    /** The value of {@code name} (any case), or null. */
    public String get(String name) {
        return values.get(VirConf.vmxKey(name));
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** Every entry name, in file order (virConfWalk). */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** virVMXGetConfigString: the value, null when absent and {@code optional}, else an error. */
    public String string(String name, boolean optional) {
        String v = get(name);
        if (v == null && !optional) {
            throw VmxParser.error("Missing essential config entry '" + name + "'");
        }
        return v;
    }

    /** virVMXGetConfigLong: a decimal number or "unlimited" (-1); {@code dflt} when absent. */
    public long number(String name, long dflt, boolean optional) {
        String v = string(name, optional);
        if (v == null) {
            return dflt;
        }
        if ("unlimited".equalsIgnoreCase(v)) {
            return -1;
        }
        Long n = LibvirtNumbers.ll(v);
        if (n == null) {
            throw VmxParser.error("Config entry '" + name + "' must represent an integer value");
        }
        return n;
    }

    /** virVMXGetConfigBoolean: "true" or "false" in any case; {@code dflt} when absent. */
    public boolean bool(String name, boolean dflt, boolean optional) {
        String v = string(name, optional);
        if (v == null) {
            return dflt;
        }
        if ("true".equalsIgnoreCase(v)) {
            return true;
        }
        if ("false".equalsIgnoreCase(v)) {
            return false;
        }
        throw VmxParser.error("Config entry '" + name + "' must represent a boolean value (true|false)");
    }

    /** virVMXGetConfigUUID: the canonical UUID text, or null when absent and optional. */
    public String uuid(String name, boolean optional) {
        String v = string(name, optional);
        if (v == null) {
            return null;
        }
        String u = VmxNumbers.parseUuid(v);
        if (u == null) {
            throw VmxParser.error("Could not parse UUID from string '" + v + "'");
        }
        return u;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
