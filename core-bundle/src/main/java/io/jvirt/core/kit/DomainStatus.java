package io.jvirt.core.kit;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import java.util.zip.CRC32;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;

/**
 * What a stateful driver must remember of a running domain to find it again after a restart of
 * the container (libvirt's {@code /run/libvirt/<driver>/<name>.xml} status file).
 *
 * <p>Stored by {@link StateStore} as {@code status/<name>.status}, format version 1: UTF-8 text in
 * {@link Properties} syntax, keys in this order:
 * <pre>
 * format=jvirt-domain-status
 * version=1
 * name=&lt;domain name&gt;
 * id=&lt;domain id&gt;
 * state=&lt;DomainState name, e.g. RUNNING&gt;
 * reason=&lt;libvirt reason number within the state&gt;
 * persistent=true|false
 * pid=&lt;hypervisor process id, -1 if none&gt;
 * pidStartTime=&lt;the process's start time as the driver reads it (to detect pid reuse), -1 if unknown&gt;
 * monitor=&lt;the monitor socket path of a driver that has one (QEMU), may be empty&gt;
 * data.&lt;key&gt;=&lt;the driver's own facts of the run, one line each, keys sorted&gt;
 * xml.crc32=&lt;CRC-32 of the UTF-8 bytes of xml, decimal&gt;
 * xml=&lt;the live domain XML, escaped as Properties escape a value&gt;
 * end=true
 * </pre>
 * The live XML is embedded rather than kept in a second file so that state and definition are
 * replaced by one atomic rename. A file without {@code end=true}, with a wrong CRC or a missing or
 * malformed key is treated as corrupt. Later versions may add keys; readers ignore unknown keys.
 *
 * @param id           the running domain's id (≥ 0)
 * @param state        state and reason
 * @param persistent   whether the domain also has a persistent definition
 * @param pid          the hypervisor process, -1 if none (the test driver)
 * @param pidStartTime the process start time, to tell our process from a later one with its pid
 * @param monitor      the monitor socket path of a driver that has one (QEMU), "" if none; files
 *                     written before {@link #data} existed may hold another driver's fact here
 *                     (LXC kept its cgroup path), which {@link #data(String, boolean)} reads back
 * @param liveXml      the running definition
 * @param data         the driver's own facts of the run (QEMU: {@code monitor}; LXC: {@code cgroup}),
 *                     each driver under keys of its own, never in another driver's field; keys are
 *                     lower-case letters, digits, '.', '-' and '_'
 * @since 1.1.0 ({@code data})
 */
public record DomainStatus(int id, StateReason state, boolean persistent, long pid, long pidStartTime,
                           String monitor, String liveXml, java.util.Map<String, String> data) {

    private static final java.util.regex.Pattern DATA_KEY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final String DATA_PREFIX = "data.";

    /** A status without driver data (the 1.0.0 constructor). */
    public DomainStatus(int id, StateReason state, boolean persistent, long pid, long pidStartTime, String monitor,
                        String liveXml) {
        this(id, state, persistent, pid, pidStartTime, monitor, liveXml, java.util.Map.of());
    }

    /**
     * The driver's value for {@code key}, else {@code legacy} when the file predates driver data
     * and kept it in the {@code monitor} field, else "".
     *
     * @since 1.1.0
     */
    public String data(String key, boolean legacyMonitorField) {
        String v = data.get(key);
        if (v != null) {
            return v;
        }
        return legacyMonitorField ? monitor : "";
    }

    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    static final String FORMAT = "jvirt-domain-status";

    public DomainStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(liveXml, "liveXml");
        monitor = monitor == null ? "" : monitor;
        java.util.Map<String, String> sorted = new java.util.TreeMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (!DATA_KEY.matcher(k).matches()) {
                    throw new IllegalArgumentException("bad status data key '" + k + "'");
                }
                sorted.put(k, Objects.requireNonNull(v, k));
            });
        }
        data = java.util.Collections.unmodifiableMap(sorted);
        if (id < 0) {
            throw new IllegalArgumentException("a running domain's id must be >= 0, not " + id);
        }
    }

    /** The file content for domain {@code name}. */
    String encode(String name) {
        StringBuilder b = new StringBuilder("# jvirt domain status; written atomically, do not edit\n");
        line(b, "format", FORMAT);
        line(b, "version", Integer.toString(VERSION));
        line(b, "name", name);
        line(b, "id", Integer.toString(id));
        line(b, "state", state.state().name());
        line(b, "reason", Integer.toString(state.reason()));
        line(b, "persistent", Boolean.toString(persistent));
        line(b, "pid", Long.toString(pid));
        line(b, "pidStartTime", Long.toString(pidStartTime));
        line(b, "monitor", monitor);
        data.forEach((k, v) -> line(b, DATA_PREFIX + k, v));
        line(b, "xml.crc32", Long.toString(crc(liveXml)));
        line(b, "xml", liveXml);
        line(b, "end", "true");
        return b.toString();
    }

    /**
     * Parses a status file's content.
     *
     * @throws IllegalArgumentException naming what is wrong, for any corrupt or partial content
     */
    static DomainStatus decode(String name, String content) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(content));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a properties file: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(p.getProperty("format"))) {
            throw new IllegalArgumentException("format is not " + FORMAT);
        }
        int version = integer(p, "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported status version " + version);
        }
        if (!"true".equals(p.getProperty("end"))) {
            throw new IllegalArgumentException("truncated (no end marker)");
        }
        if (!name.equals(p.getProperty("name"))) {
            throw new IllegalArgumentException("status of '" + p.getProperty("name") + "' in the file of '" + name + "'");
        }
        String xml = required(p, "xml");
        if (crc(xml) != longValue(p, "xml.crc32")) {
            throw new IllegalArgumentException("checksum mismatch in the live definition");
        }
        DomainState state;
        try {
            state = DomainState.valueOf(required(p, "state"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown state '" + p.getProperty("state") + "'");
        }
        java.util.Map<String, String> data = new java.util.TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(DATA_PREFIX)) {
                data.put(key.substring(DATA_PREFIX.length()), p.getProperty(key));
            }
        }
        return new DomainStatus(integer(p, "id"), new StateReason(state, integer(p, "reason")),
            bool(p, "persistent"), longValue(p, "pid"), longValue(p, "pidStartTime"),
            p.getProperty("monitor", ""), xml, data);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing key '" + key + "'");
        }
        return v;
    }

    private static int integer(Properties p, String key) {
        try {
            return Integer.parseInt(required(p, key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number for '" + key + "'");
        }
    }

    private static long longValue(Properties p, String key) {
        try {
            return Long.parseLong(required(p, key).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number for '" + key + "'");
        }
    }

    private static boolean bool(Properties p, String key) {
        String v = required(p, key).trim();
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("bad boolean for '" + key + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private static long crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return c.getValue();
    }

    /** Appends {@code key=value} with the value escaped so that {@link Properties#load} returns it. */
    private static void line(StringBuilder b, String key, String value) {
        b.append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case ' ' -> b.append(i == 0 ? "\\ " : " "); // a leading blank would be dropped
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c); // UTF-8 file, read back through a Reader: no escaping needed
                    }
                }
            }
        }
        b.append('\n');
    }
}
