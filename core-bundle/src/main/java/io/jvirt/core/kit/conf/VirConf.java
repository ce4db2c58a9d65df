package io.jvirt.core.kit.conf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/**
 * A configuration file as libvirt's {@code virConf} holds it: entries in file order, each a name
 * and a value or a stand-alone comment. {@link #read} is {@code virConfReadString} (errors name
 * "memory conf" and the line, as libvirt's do), {@link #write} is {@code virConfWriteMem},
 * {@link #set} is {@code virConfSetValue} (replaces the first entry of that name in place, else
 * appends), {@link #get} is {@code virConfGetValue} (the first entry of that name).
 */
public final class VirConf {

    /** libvirt's virConfFlags. */
    public enum Flag {
        /** VIR_CONF_FLAG_VMX_FORMAT: names may hold ':' '.' '-' and start with '.', names compare without case, no lists or numbers. */
        VMX_FORMAT,
        /** VIR_CONF_FLAG_LXC_FORMAT: names may hold '.', every value is the rest of the line. */
        LXC_FORMAT
    }

    /** The name libvirt's virConfReadString gives its content in error messages. */
    public static final String MEMORY_NAME = "memory conf";

    /**
     * The largest content read (libvirt's MAX_CONFIG_FILE_SIZE for files, 10 MiB; libvirt's
     * in-memory reader has no bound, jvirt applies the file's).
     */
    public static final int MAX_CHARS = 10 * 1024 * 1024;

    /**
     * The deepest list nesting read. libvirt's recursive reader has no bound (and overflows its
     * stack on a deep enough nesting); xl.cfg's deepest list (vnuma) nests two.
     */
    public static final int MAX_LIST_DEPTH = 32;

    /**
     * One entry: a name with its value, optionally a comment; or a comment alone (name null).
     * {@code line} is the line it starts on in the content read (1-based; 0 for an entry that was
     * set, not read): libvirt keeps no such thing, but a driver's messages about a value name it.
     */
    public record Entry(String name, VirConfValue value, String comment, int line) {

        /** An entry that was not read (line 0). */
        public Entry(String name, VirConfValue value, String comment) {
            this(name, value, comment, 0);
        }

        /** The value as a string, or null when it is a number or a list (every value of the LXC and VMX formats is one). */
        public String string() {
            return value instanceof VirConfValue.Str s ? s.value() : null;
        }
    }

    private final String filename;
    private final Set<Flag> flags;
    private final List<Entry> entries = new ArrayList<>();

    /** An empty configuration (libvirt's virConfNew: no file name, no flags). */
    public VirConf() {
        this(null, EnumSet.noneOf(Flag.class));
    }

    private VirConf(String filename, Set<Flag> flags) {
        this.filename = filename;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    }

    /** virConfReadString(content, flags): the content up to its first NUL, as libvirt's strlen sees it. */
    public static VirConf read(String content, Flag... flags) {
        if (content == null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.CONF, "virConfReadString");
        }
        int nul = content.indexOf('\0');
        String text = nul >= 0 ? content.substring(0, nul) : content;
        if (text.length() > MAX_CHARS) {
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                MEMORY_NAME + ": content is larger than " + MAX_CHARS + " characters");
        }
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        Collections.addAll(set, flags);
        VirConf conf = new VirConf(MEMORY_NAME, set);
        new VirConfParser(conf, text, MEMORY_NAME).parse();
        return conf;
    }

    boolean has(Flag f) {
        return flags.contains(f);
    }

    void add(Entry e) {
        entries.add(e);
    }

    /** The name errors of this configuration carry: "memory conf" when read, "(null)" when built (as libvirt prints it). */
    public String filename() {
        return filename == null ? "(null)" : filename;
    }

    /** The entries in order (read-only). */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The entries that set a value (not the stand-alone comments), in order (virConfWalk's view). */
    public List<Entry> settings() {
        return entries.stream().filter(e -> e.name() != null).toList();
    }

    /**
     * virConfGetValue's lookup, answering the whole entry (its line too): the first entry named
     * {@code name} (any case in VMX format, as libvirt's STRCASEEQ: ASCII letters only), or null.
     */
    public Entry entry(String name) {
        for (Entry e : entries) {
            if (e.name() != null && (e.name().equals(name) || has(Flag.VMX_FORMAT) && asciiEqualsIgnoreCase(e.name(), name))) {
                return e;
            }
        }
        return null;
    }

    /** virConfGetValue: the value of the first entry named {@code name} (any case in VMX format), or null. */
    public VirConfValue get(String name) {
        Entry e = entry(name);
        return e == null ? null : e.value();
    }

    /**
     * The key under which {@link #entry} finds {@code name} in VMX format: its ASCII letters in
     * lower case and nothing else changed (libvirt's STRCASEEQ; Java's toLowerCase would also fold
     * e.g. the Kelvin sign into 'k').
     */
    public static String vmxKey(String name) {
        char[] out = name.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] = (char) (out[i] + ('a' - 'A'));
            }
        }
        return new String(out);
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        return a.length() == b.length() && vmxKey(a).equals(vmxKey(b));
    }

    /** virConfSetValue: replaces the first entry named {@code name} in place, else appends one. */
    public VirConf set(String name, VirConfValue value) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (name.equals(e.name())) {
                entries.set(i, new Entry(name, value, e.comment(), e.line()));
                return this;
            }
        }
        entries.add(new Entry(name, value, null));
        return this;
    }

    public VirConf set(String name, String value) {
        return set(name, VirConfValue.of(value));
    }

    public VirConf set(String name, long value) {
        return set(name, VirConfValue.of(value));
    }

    /**
     * virConfGetValueString: the string, null when absent; INTERNAL_ERROR "NAME: expected a string
     * for 'x' parameter" for another type.
     */
    public String string(String name) {
        VirConfValue v = get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof VirConfValue.Str s) {
            return s.value();
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.CONF,
            filename() + ": expected a string for '" + name + "' parameter");
    }

    /**
     * virConfGetValueStringList: the strings, null when absent; a plain string is a one-element list
     * when {@code compatString}; errors as libvirt's (CONF_SYNTAX for a list holding a non-string,
     * INTERNAL_ERROR for a value of another type).
     */
    public List<String> stringList(String name, boolean compatString) {
        VirConfValue v = get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof VirConfValue.ListValue l) {
            List<String> out = new ArrayList<>(l.values().size());
            for (VirConfValue e : l.values()) {
                if (!(e instanceof VirConfValue.Str s)) {
                    throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                        filename() + ": expected a string list for '" + name + "' parameter");
                }
                out.add(s.value());
            }
            return out;
        }
        if (v instanceof VirConfValue.Str s && compatString) {
            return List.of(s.value());
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.CONF, filename()
            + (compatString ? ": expected a string or string list for '" : ": expected a string list for '")
            + name + "' parameter");
    }

    /** virConfWriteMem: every entry on its own line, "name = value", comments after '#'. */
    public String write() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (e.name() != null) {
                sb.append(e.name()).append(" = ");
                writeValue(sb, e.value());
                if (e.comment() != null) {
                    sb.append(" #").append(e.comment());
                }
            } else if (e.comment() != null) {
                sb.append('#').append(e.comment());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Whether virConfSaveValue's form of {@code str} reads back as {@code str}. */
    static boolean readsBack(String str) {
        if (str.indexOf('\r') >= 0) {
            return false;
        }
        boolean triple = str.indexOf('\n') >= 0 || str.indexOf('"') >= 0 && str.indexOf('\'') >= 0;
        return !triple || !str.contains("\"\"\"") && !str.endsWith("\"");
    }

    /**
     * virConfSaveValue: numbers in decimal (an unsigned one as C's %llu), strings in double quotes,
     * in single quotes when they hold a '"', in triple double quotes when they hold a line break or
     * both quotes; lists as "[ a, b ]".
     */
    static void writeValue(StringBuilder sb, VirConfValue v) {
        if (v instanceof VirConfValue.Number n) {
            sb.append(n.signed() ? Long.toString(n.value()) : Long.toUnsignedString(n.value()));
        } else if (v instanceof VirConfValue.Str s) {
            String str = s.value();
            if (!readsBack(str)) {
                // libvirt writes these too, and its reader then takes them as something else
                // (the end of the value, or new entries): refuse instead of rewriting the file
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.CONF,
                    "a configuration value cannot hold a carriage return, or three double quotes or a final double quote together with a line break or both quote kinds: '"
                        + str.replace("\n", "\\n").replace("\r", "\\r") + "'");
            }
            if (str.indexOf('\n') >= 0) {
                sb.append("\"\"\"").append(str).append("\"\"\"");
            } else if (str.indexOf('"') < 0) {
                sb.append('"').append(str).append('"');
            } else if (str.indexOf('\'') < 0) {
                sb.append('\'').append(str).append('\'');
            } else {
                sb.append("\"\"\"").append(str).append("\"\"\"");
            }
        } else if (v instanceof VirConfValue.ListValue l) {
            sb.append("[ ");
            for (int i = 0; i < l.values().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                writeValue(sb, l.values().get(i));
            }
            sb.append(" ]");
        }
    }
}
