package io.jvirt.driver.esx;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * Reads a VMX file: {@code key = "value"} lines, {@code #} comments. Keys are case-insensitive
 * (VMware writes "memsize" and "memSize" alike), so they are kept in lower case; the last of
 * duplicate keys wins, as in VMware's own reader.
 */
public final class VmxParser {

    private VmxParser() {
    }

    /** A parsed VMX file. */
    public static final class Vmx {
        private final Map<String, String> entries = new LinkedHashMap<>();

        public void put(String key, String value) {
            entries.put(key.toLowerCase(Locale.ROOT), value);
        }

        /** The value of {@code key} (any case), or null. */
        public String get(String key) {
            return entries.get(key.toLowerCase(Locale.ROOT));
        }

        public boolean has(String key) {
            return get(key) != null;
        }

        /** A boolean entry: "true"/"false" in any case, {@code dflt} when absent. */
        public boolean bool(String key, boolean dflt) {
            String v = get(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            if ("true".equalsIgnoreCase(v)) {
                return true;
            }
            if ("false".equalsIgnoreCase(v)) {
                return false;
            }
            throw error("Config entry '" + key + "' must represent a boolean value (true|false)");
        }

        /** A number entry; "unlimited" is -1; {@code dflt} when absent. */
        public long num(String key, long dflt) {
            String v = get(key);
            if (v == null || v.isEmpty()) {
                return dflt;
            }
            if ("unlimited".equalsIgnoreCase(v)) {
                return -1;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw error("Config entry '" + key + "' must represent an integer value");
            }
        }
    }

    public static Vmx parse(String text) {
        Vmx vmx = new Vmx();
        int lineNo = 0;
        for (String raw : text.split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw error("line " + lineNo + ": expected 'key = \"value\"'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (value.startsWith("\"")) {
                int end = value.indexOf('"', 1);
                if (end < 0) {
                    throw error("line " + lineNo + ": unterminated string");
                }
                value = value.substring(1, end);
            } else {
                int hash = value.indexOf('#');
                value = (hash >= 0 ? value.substring(0, hash) : value).strip();
            }
            vmx.put(key, value);
        }
        return vmx;
    }

    static VirtException error(String message) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, message);
    }
}
