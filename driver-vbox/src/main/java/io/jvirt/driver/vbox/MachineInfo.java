package io.jvirt.driver.vbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * One machine's settings as {@code VBoxManage showvminfo --machinereadable} prints them:
 * {@code key="value"} lines (numbers unquoted; a key with characters other than letters, digits
 * and '_' quoted too, as {@code "SATA Controller-0-0"="/path"}), with '\' and '"' escaped by a
 * backslash inside quotes. Lines of any other shape (VBoxManage's progress on stderr) are skipped.
 * What VirtualBox reports is not trusted: numbers are checked where they are read.
 */
final class MachineInfo {

    private final Map<String, String> values;

    private MachineInfo(Map<String, String> values) {
        this.values = values;
    }

    static MachineInfo parse(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith(VBoxManage.ERROR_PREFIX)) {
                continue;
            }
            int[] pos = {0};
            String key = token(line, pos, true);
            if (key == null || pos[0] >= line.length() || line.charAt(pos[0]) != '=') {
                continue;
            }
            pos[0]++;
            String value = token(line, pos, false);
            if (value != null && pos[0] == line.length()) {
                out.putIfAbsent(key, value);
            }
        }
        return new MachineInfo(Collections.unmodifiableMap(out));
    }

    /** A quoted string (escapes undone) or a bare word up to '=' (key) or the end (value). */
    private static String token(String line, int[] pos, boolean key) {
        int i = pos[0];
        if (i >= line.length()) {
            return null;
        }
        if (line.charAt(i) == '"') {
            StringBuilder b = new StringBuilder();
            for (i++; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    b.append(line.charAt(++i));
                } else if (c == '"') {
                    pos[0] = i + 1;
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
            return null;
        }
        int end = key ? line.indexOf('=', i) : line.length();
        if (end <= i) {
            return null;
        }
        String word = line.substring(i, end);
        if (key && !word.matches("[A-Za-z0-9_-]+")) {
            return null;
        }
        pos[0] = end;
        return word;
    }

    Map<String, String> values() {
        return values;
    }

    String get(String key) {
        return values.get(key);
    }

    String get(String key, String otherwise) {
        return values.getOrDefault(key, otherwise);
    }

    boolean on(String key) {
        return "on".equals(values.get(key));
    }

    String name() {
        return required("name");
    }

    UUID uuid() {
        try {
            return UUID.fromString(required("UUID"));
        } catch (IllegalArgumentException e) {
            throw bad("UUID", values.get("UUID"));
        }
    }

    VmState state() {
        return VmState.of(required("VMState"));
    }

    /** A number VirtualBox printed, within [min, max]. */
    long number(String key, long min, long max) {
        String v = required(key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw bad(key, v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v);
        }
    }

    private String required(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX, "VBoxManage showvminfo printed no " + key);
        }
        return v;
    }

    private static VirtException bad(String key, String value) {
        String shown = value == null ? "nothing" : value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.VBOX,
            "VBoxManage showvminfo printed an unexpected " + key + ": '" + shown.replaceAll("\\p{Cntrl}", "?") + "'");
    }
}
