package io.jvirt.driver.vz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.BoundedJson;

/**
 * Reads {@code prlctl list -a -i -j}: a JSON array with one object per environment (the keys libvirt's
 * parallels driver read: ID, EnvID, Name, Type, State, Hardware with cpu.cpus, memory.size "NMb",
 * hddN and netN). prlctl's output is hostile input (a container's name is its owner's): it is read
 * by the kit's bounded JSON reader, and every value is checked where it is read; anything else is
 * libvirt's vzParseError, "Can't parse prlctl output".
 */
final class VzListing {

    private static final Pattern MEMORY = Pattern.compile("(\\d{1,9})Mb");
    private static final Pattern PORT = Pattern.compile("(ide|sata|scsi):(\\d{1,2})");
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{12}");
    /** Bounds of what jvirt believes of a listing (Virtuozzo's own limits are far inside them). */
    static final int MAX_CPUS = 4096;
    static final long MAX_MEMORY_MB = 64L * 1024 * 1024;
    static final int MAX_NAME = 1024;

    private VzListing() {
    }

    static List<VzEnv> parse(String output) {
        Object json;
        try {
            json = BoundedJson.parse(output.strip());
            List<VzEnv> out = new ArrayList<>();
            for (Object o : BoundedJson.array(json, "the listing")) {
                out.add(env(BoundedJson.object(o, "an environment")));
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw parseError(e.getMessage());
        }
    }

    private static VzEnv env(Map<String, Object> o) {
        String name = required(o, "Name");
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an environment's Name is empty, too long or holds control characters");
        }
        UUID uuid = uuid(required(o, "ID"));
        Long envId = BoundedJson.optUnsigned(o, "EnvID");
        if (envId == null || envId > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'EnvID' of '" + name + "' is missing or out of range");
        }
        String type = required(o, "Type");
        boolean container = switch (type) {
            case "CT" -> true;
            case "VM" -> false;
            default -> throw new IllegalArgumentException("unknown Type of '" + name + "'");
        };
        VzState state = VzState.of(required(o, "State"));
        Map<String, Object> hw = BoundedJson.object(o.get("Hardware"), "'Hardware'");
        Map<String, Object> cpu = BoundedJson.object(hw.get("cpu"), "'Hardware.cpu'");
        Long cpus = BoundedJson.optUnsigned(cpu, "cpus");
        if (cpus == null || cpus < 1 || cpus > MAX_CPUS) {
            throw new IllegalArgumentException("'cpus' of '" + name + "' is missing or out of range");
        }
        Matcher mem = MEMORY.matcher(required(BoundedJson.object(hw.get("memory"), "'Hardware.memory'"), "size"));
        if (!mem.matches() || Long.parseLong(mem.group(1)) > MAX_MEMORY_MB) {
            throw new IllegalArgumentException("memory 'size' of '" + name + "' is not a size in Mb");
        }
        List<VzEnv.Disk> disks = new ArrayList<>();
        List<VzEnv.Nic> nics = new ArrayList<>();
        for (Map.Entry<String, Object> e : hw.entrySet()) {
            if (e.getKey().matches("hdd\\d{1,3}")) {
                disks.add(disk(e.getKey(), BoundedJson.object(e.getValue(), e.getKey())));
            } else if (e.getKey().matches("net\\d{1,3}")) {
                nics.add(nic(e.getKey(), BoundedJson.object(e.getValue(), e.getKey())));
            }
        }
        return new VzEnv(uuid, envId.intValue(), name, container, state, Long.parseLong(mem.group(1)), cpus.intValue(),
            List.copyOf(disks), List.copyOf(nics));
    }

    /** libvirt's parallelsGetHddInfo: "real" (a block device) or "image", and the port bus:position. */
    private static VzEnv.Disk disk(String key, Map<String, Object> d) {
        String real = BoundedJson.optString(d, "real");
        String source = real != null ? real : required(d, "image");
        if (!source.startsWith("/") || source.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(key + " is not an absolute path");
        }
        String port = BoundedJson.optString(d, "port");
        if (port == null) {
            return new VzEnv.Disk(key, source, real != null, null, 0);
        }
        Matcher m = PORT.matcher(port);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown port of " + key);
        }
        return new VzEnv.Disk(key, source, real != null, m.group(1), Integer.parseInt(m.group(2)));
    }

    /** libvirt's parallelsGetNetInfo: the MAC as 12 hex digits, the network by name. */
    private static VzEnv.Nic nic(String key, Map<String, Object> n) {
        String mac = required(n, "mac");
        if (!MAC.matcher(mac).matches()) {
            throw new IllegalArgumentException("Invalid MAC address format '" + mac.replaceAll("\\p{Cntrl}", "?") + "'");
        }
        String network = BoundedJson.optString(n, "network");
        if (network == null && "routed".equals(BoundedJson.optString(n, "type"))) {
            network = "Routed"; // libvirt's PARALLELS_ROUTED_NETWORK_NAME
        }
        if (network == null || network.isEmpty() || network.length() > MAX_NAME
            || network.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(key + " has no network");
        }
        return new VzEnv.Nic(key, mac.toLowerCase(Locale.ROOT), network);
    }

    /** Virtuozzo prints UUIDs in braces; libvirt's prlsdkUUIDParse takes them off. */
    static UUID uuid(String s) {
        String t = s.startsWith("{") && s.endsWith("}") ? s.substring(1, s.length() - 1) : s;
        if (!t.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw new IllegalArgumentException("Domain UUID is malformed or empty");
        }
        return UUID.fromString(t);
    }

    private static String required(Map<String, Object> o, String key) {
        String v = BoundedJson.optString(o, key);
        if (v == null) {
            throw new IllegalArgumentException("no '" + key + "'");
        }
        return v;
    }

    static VirtException parseError(String detail) {
        return new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.PARALLELS,
            "Can't parse prlctl output: " + detail);
    }
}
