package io.jvirt.driver.xen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.local.HostPrograms;

/**
 * Xen's {@code xl} toolstack as the driver runs it: every call through the kit's
 * {@link HostCommand} with a deadline, a fixed environment (the system PATH, the C locale: nothing
 * of the JVM's), domains named by domid (a name of digits would be taken for one). A non-zero exit
 * is a {@link VirtException} carrying xl's own words. What xl prints is parsed strictly and bounded
 * (HostCommand keeps at most 1 MiB); a line that is not xl's is an error, never a guess.
 */
final class Xl {

    /** xl list's header (tools/xl/xl_info.c: list_domains). */
    static final String LIST_HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)";
    private static final Map<String, String> ENV = Map.of("PATH", HostPrograms.SYSTEM_PATH, "LC_ALL", "C");
    /** One row of xl list: name (%-40s), id, MiB, vCPUs, the six State letters, seconds. */
    private static final Pattern ROW = Pattern.compile("(.+?) +(\\d+) +(\\d+) +(\\d+) +([r-][b-][p-][s-][-rscwS?][d-]) +(\\d+\\.\\d)");

    /** One domain of xl list. */
    record Entry(String name, int id, long memMiB, int vcpus, String state, double cpuSeconds) {
        boolean paused() {
            return state.charAt(2) == 'p';
        }

        boolean shutdown() {
            return state.charAt(3) == 's';
        }

        /** The shutdown reason letter (libxl_shutdown_reason: -rscwS). */
        char reason() {
            return state.charAt(4);
        }

        boolean dying() {
            return state.charAt(5) == 'd';
        }
    }

    private final Path path;
    private final long timeoutMs;

    Xl(Path path, long timeoutMs) {
        this.path = path;
        this.timeoutMs = timeoutMs;
    }

    Path path() {
        return path;
    }

    /** The xl binary is there and answers {@code xl info}: its facts, or the reason it cannot be used. */
    Map<String, String> probe() {
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "cannot find xl at " + path);
        }
        return info();
    }

    private HostCommand.Result run(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(path.toString());
        argv.addAll(args);
        try {
            return HostCommand.run(argv, ENV, timeoutMs, ErrorDomain.LIBXL);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "cannot run xl (" + path + "): " + e.getMessage(), e);
        }
    }

    /** Runs xl; a non-zero exit is OPERATION_FAILED with xl's words. */
    private String check(String what, List<String> args) {
        HostCommand.Result r = run(args);
        if (r.status() != 0) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                "xl " + what + " failed: " + oneLine(r.output()));
        }
        return r.output();
    }

    /** xl's messages on one line, bounded, for an error text. */
    static String oneLine(String s) {
        String t = s.strip().replaceAll("\\s*\\n\\s*", "; ");
        return t.length() > 1000 ? t.substring(0, 1000) + "..." : t;
    }

    void create(Path cfg, boolean paused) {
        check("create", paused ? List.of("create", "-p", cfg.toString()) : List.of("create", cfg.toString()));
    }

    /** {@code xl domid NAME}. */
    int domid(String name) {
        String out = check("domid", List.of("domid", name)).strip();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        if (!last.matches("\\d{1,9}")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "xl domid answered '" + oneLine(out) + "'");
        }
        return Integer.parseInt(last);
    }

    /** Every domain Xen has ({@code xl list}), Domain-0 included. */
    List<Entry> list() {
        return parseList(check("list", List.of("list")));
    }

    static List<Entry> parseList(String out) {
        List<String> lines = out.lines().toList();
        int header = lines.indexOf(LIST_HEADER);
        if (header < 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "xl list printed no table: " + oneLine(out));
        }
        List<Entry> entries = new ArrayList<>();
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "unexpected line in xl list: " + oneLine(line));
            }
            entries.add(new Entry(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Integer.parseInt(m.group(4)),
                m.group(5), Double.parseDouble(m.group(6))));
        }
        return entries;
    }

    /** {@code xl list -l ID}: the running config's JSON (a one-element array). */
    String listLong(int id) {
        return check("list", List.of("list", "-l", Integer.toString(id)));
    }

    void destroy(int id) {
        check("destroy", List.of("destroy", Integer.toString(id)));
    }

    /** {@code xl shutdown [-F] ID}: -F lets an HVM guest without PV drivers get an ACPI power event. */
    void shutdown(int id, boolean acpiFallback) {
        check("shutdown", acpiFallback ? List.of("shutdown", "-F", Integer.toString(id)) : List.of("shutdown", Integer.toString(id)));
    }

    void reboot(int id, boolean acpiFallback) {
        check("reboot", acpiFallback ? List.of("reboot", "-F", Integer.toString(id)) : List.of("reboot", Integer.toString(id)));
    }

    /** {@code xl pause}/{@code unpause}: xl exits 0 even when libxl failed, so libxl's error line is the failure. */
    void pause(int id, boolean pause) {
        String what = pause ? "pause" : "unpause";
        String out = check(what, List.of(what, Integer.toString(id)));
        if (out.contains("libxl: error:")) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL, "xl " + what + " failed: " + oneLine(out));
        }
    }

    /** {@code xl info}: its {@code key : value} lines. */
    Map<String, String> info() {
        String out = check("info", List.of("info"));
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                facts.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        if (!facts.containsKey("xen_major") || !facts.containsKey("nr_cpus")) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.LIBXL, "xl info did not describe a Xen host: " + oneLine(out));
        }
        return facts;
    }
}
