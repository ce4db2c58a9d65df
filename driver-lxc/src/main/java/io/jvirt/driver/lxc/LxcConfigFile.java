package io.jvirt.driver.lxc;

import java.util.List;

import io.jvirt.core.kit.conf.VirConf;

/**
 * An LXC tools config as libvirt reads it: {@code virConfReadString(..., VIR_CONF_FLAG_LXC_FORMAT)},
 * which is the kit's {@link VirConf} with {@link VirConf.Flag#LXC_FORMAT} (names may hold '.',
 * an unquoted value runs to the end of its line with its trailing blanks kept, a syntax error is
 * CONF_SYNTAX "memory conf:LINE: ..."). What is LXC's own is here: every value is a string, each
 * statement keeps the line it starts on for the converter's "line N: ..." messages, and a key may
 * have a legacy name (LXC 3.0 and 2.x keys).
 */
final class LxcConfigFile {

    /** One statement: its name, its value and the line it starts on (1-based). */
    record Entry(String name, String value, int line) {
    }

    private final List<Entry> entries;

    private LxcConfigFile(List<Entry> entries) {
        this.entries = entries;
    }

    /** Every statement, in the order of the file. */
    List<Entry> entries() {
        return entries;
    }

    /** The first statement named {@code name}, or null (virConfGetValue: the first one wins). */
    Entry first(String name) {
        for (Entry e : entries) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The first statement named {@code name}, else the first named {@code legacy} (LXC 3.0 and 2.x keys), or null. */
    Entry first(String name, String legacy) {
        Entry e = first(name);
        return e != null ? e : first(legacy);
    }

    static LxcConfigFile read(String text) {
        // in the LXC format every value reads as a string, so Entry.string() is never null here
        return new LxcConfigFile(VirConf.read(text, VirConf.Flag.LXC_FORMAT).settings().stream()
            .map(e -> new Entry(e.name(), e.string(), e.line()))
            .toList());
    }
}
