package io.jvirt.driver.xen;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The test suite's stand-in for Xen's {@code xl} (4.17): what {@code src/test/xl/xl} runs. It keeps
 * the domains Xen would have in a small state file (path from {@code XL_STANDIN_STATE}) and answers
 * the commands driver-xen uses with xl's output layout, words and exit statuses, read from xl's
 * sources (tools/xl/xl_info.c, xl_vmcontrol.c, xl_misc.c, xl_utils.c, libxlu_cfg.c):
 * <ul>
 * <li>{@code create [-p] CFG}: "Parsing config from CFG" on stderr; the cfg read as libxlu reads it
 *     (atoms, quoted strings, lists; a syntax error is "CFG:LINE: config parsing error near `X':
 *     syntax error" then "Failed to parse config: Invalid argument", exit 1); name (required: "Domain
 *     name must be specified."), uuid, type, memory, maxmem, vcpus, maxvcpus, disk, vif; a duplicate
 *     name is libxl's "domain with name ... already exists."; the new domain gets the next domid and
 *     runs (shown blocked, "-b----", as an idle guest is) or is paused ({@code -p});</li>
 * <li>{@code list} (xl's table, Domain-0 first), {@code list DOM...}, {@code list -l [DOM]} (the JSON
 *     array of {@code {"domid", "config": {"c_info", "b_info", ...}}}, Domain-0 left out as xl leaves
 *     out domains without its userdata);</li>
 * <li>{@code domid NAME}, {@code domname ID} (exit 1 and xl's words when absent);</li>
 * <li>{@code shutdown [-w] [-F] DOM} (the guest shuts down: state {@code ---s--}; an HVM guest has no
 *     PV drivers here, so it needs {@code -F}), {@code reboot [-F] DOM} (restarted by xl's daemon:
 *     a new domid), {@code destroy DOM}, {@code pause DOM}, {@code unpause DOM} (as xl 4.17, these
 *     two ignore libxl's failure: an unknown domid prints libxl's error and exits 0);</li>
 * <li>{@code info}: {@code key : value} lines.</li>
 * </ul>
 * A domain qualifier of digits only is a domid (never looked up first), anything else a name, as
 * libxl_domain_qualifier_to_domid. Every call is appended to {@code STATE.calls}, so a test can see
 * what the driver ran. The test side ({@link #create}, {@link #edit}, {@link #remove}) makes a
 * domain crash or shut down "from inside" by changing its state letters.
 */
public final class XlStandIn {

    static final String ENV_STATE = "XL_STANDIN_STATE";
    private static final String HEADER = "Name                                        ID   Mem VCPUs\tState\tTime(s)";
    /** libxl's shutdown reasons by number, as xl's State column writes them. */
    static final String SHUTDOWN_REASON_LETTERS = "-rscwS";

    /** One Xen domain as the stand-in keeps it. */
    public static final class Dom {
        public int id;
        public String name;
        public String uuid;
        public String type;
        public long memKb;
        public long maxMemKb;
        public int vcpus;
        public int maxVcpus;
        /** xl's six State letters: r b p s (reason) d. */
        public String state;
        public double cpuSeconds;
        public String cfg;

        String line() {
            return String.join("\t", "dom", Integer.toString(id), name, uuid, type, Long.toString(memKb),
                Long.toString(maxMemKb), Integer.toString(vcpus), Integer.toString(maxVcpus), state,
                Double.toString(cpuSeconds), cfg);
        }

        static Dom parse(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 12 || !"dom".equals(f[0])) {
                throw new IllegalStateException("bad stand-in state line: " + line);
            }
            Dom d = new Dom();
            d.id = Integer.parseInt(f[1]);
            d.name = f[2];
            d.uuid = f[3];
            d.type = f[4];
            d.memKb = Long.parseLong(f[5]);
            d.maxMemKb = Long.parseLong(f[6]);
            d.vcpus = Integer.parseInt(f[7]);
            d.maxVcpus = Integer.parseInt(f[8]);
            d.state = f[9];
            d.cpuSeconds = Double.parseDouble(f[10]);
            d.cfg = f[11];
            return d;
        }
    }

    /** The state: the next domid and the domains in domid order. */
    static final class State {
        int nextId = 1;
        final List<Dom> doms = new ArrayList<>();

        Dom byId(int id) {
            return doms.stream().filter(d -> d.id == id).findFirst().orElse(null);
        }

        Dom byName(String name) {
            return doms.stream().filter(d -> d.name.equals(name)).findFirst().orElse(null);
        }
    }

    // ---------------------------------------------------------------- the test side

    private final Path dir;
    private final Path stateFile;
    private final Path xl;

    private XlStandIn(Path dir) {
        this.dir = dir;
        this.stateFile = dir.resolve("xl-state");
        this.xl = dir.resolve("xl");
        this.out = null;
        this.err = null;
    }

    /**
     * A new stand-in in {@code dir} with Domain-0 alone, and its launcher {@code dir/xl} (the
     * module's {@code src/test/xl/xl}, or the script the system property {@code jvirt.xl.script}
     * names, with this JVM and the test classes or test jar): the xl path to configure.
     */
    public static XlStandIn create(Path dir) throws IOException {
        XlStandIn s = new XlStandIn(dir);
        State st = new State();
        Dom dom0 = new Dom();
        dom0.id = 0;
        dom0.name = "Domain-0";
        dom0.uuid = "00000000-0000-0000-0000-000000000000";
        dom0.type = "pv";
        dom0.memKb = 2048 * 1024;
        dom0.maxMemKb = dom0.memKb;
        dom0.vcpus = 2;
        dom0.maxVcpus = 2;
        dom0.state = "r-----";
        dom0.cpuSeconds = 123.4;
        dom0.cfg = "-";
        st.doms.add(dom0);
        write(s.stateFile, st);
        // driver-xen's own tests run in the module (basedir); another module's tests name the script
        String named = System.getProperty("jvirt.xl.script");
        Path script = named != null ? Path.of(named).toAbsolutePath()
            : Path.of(System.getProperty("basedir", ".")).resolve("src/test/xl/xl").toAbsolutePath();
        String classes = Path.of(XlStandIn.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(s.xl, "#!/bin/sh\n"
            + "export " + ENV_STATE + "=" + shq(s.stateFile.toString()) + "\n"
            + "export XL_STANDIN_JAVA=" + shq(java) + "\n"
            + "export XL_STANDIN_CP=" + shq(classes) + "\n"
            + "exec " + shq(script.toString()) + " \"$@\"\n");
        Files.setPosixFilePermissions(s.xl, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private static String shq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The launcher: what the driver's {@code xl.path} names. */
    public Path xl() {
        return xl;
    }

    public Path dir() {
        return dir;
    }

    /** The domains Xen has now, Domain-0 first. */
    public List<Dom> domains() throws IOException {
        return locked(stateFile, st -> {
        }).doms;
    }

    public Dom domain(String name) throws IOException {
        return locked(stateFile, st -> {
        }).byName(name);
    }

    /** Changes a domain "from inside" (its state letters: {@code ---sc-} is a crash). */
    public void edit(String name, Consumer<Dom> change) throws IOException {
        locked(stateFile, st -> {
            Dom d = st.byName(name);
            if (d == null) {
                throw new IllegalArgumentException("no domain " + name + " in the stand-in");
            }
            change.accept(d);
        });
    }

    /** The domain vanishes from Xen (destroyed behind the driver's back). */
    public void remove(String name) throws IOException {
        locked(stateFile, st -> st.doms.removeIf(d -> d.name.equals(name)));
    }

    /** Every xl command run so far, one line each (arguments joined by a space). */
    public List<String> calls() throws IOException {
        Path log = Path.of(stateFile + ".calls");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    // ---------------------------------------------------------------- the state file

    /** Reads the state under an exclusive lock, lets {@code work} change it, writes it back. */
    private static State locked(Path file, Consumer<State> work) throws IOException {
        Path lock = Path.of(file + ".lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock l = ch.lock()) {
            State st = read(file);
            work.accept(st);
            write(file, st);
            return st;
        }
    }

    private static State read(Path file) throws IOException {
        State st = new State();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("next\t")) {
                st.nextId = Integer.parseInt(line.substring(5));
            } else if (!line.isBlank()) {
                st.doms.add(Dom.parse(line));
            }
        }
        st.doms.sort((a, b) -> Integer.compare(a.id, b.id));
        return st;
    }

    private static void write(Path file, State st) throws IOException {
        StringBuilder b = new StringBuilder("next\t").append(st.nextId).append('\n');
        st.doms.forEach(d -> b.append(d.line()).append('\n'));
        Path tmp = Path.of(file + ".tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---------------------------------------------------------------- xl itself

    /** Thrown to end a command with xl's exit status after its message. */
    private static final class Exit extends RuntimeException {
        final int status;

        Exit(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private final PrintStream out;
    private final PrintStream err;

    private XlStandIn(PrintStream out, PrintStream err) {
        this.dir = null;
        this.stateFile = null;
        this.xl = null;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws IOException {
        String state = System.getenv(ENV_STATE);
        if (state == null || state.isEmpty()) {
            System.err.println("xl stand-in: " + ENV_STATE + " is not set");
            System.exit(2);
        }
        Path file = Path.of(state);
        Files.writeString(Path.of(state + ".calls"), String.join(" ", args) + "\n", StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        int status;
        try {
            status = new XlStandIn(out, err).run(file, List.of(args));
        } catch (Exit e) {
            status = e.status;
        }
        out.flush();
        err.flush();
        System.exit(status);
    }

    private int run(Path file, List<String> args) throws IOException {
        if (args.isEmpty()) {
            err.println("Usage xl [-vfNtT] <subcommand> [args]");
            return 1;
        }
        String cmd = args.get(0);
        List<String> rest = args.subList(1, args.size());
        int[] status = {0};
        Consumer<State> work = switch (cmd) {
            case "create" -> st -> status[0] = create(st, rest);
            case "list" -> st -> list(st, rest);
            case "domid" -> st -> {
                String name = one(rest, "domid");
                Dom d = st.byName(name);
                if (d == null) {
                    err.println("Can't get domid of domain name '" + name + "', maybe this domain does not exist.");
                    throw new Exit(1);
                }
                out.println(d.id);
            };
            case "domname" -> st -> domname(st, one(rest, "domname"));
            case "shutdown" -> st -> shutdown(st, rest, false);
            case "reboot" -> st -> shutdown(st, rest, true);
            case "destroy" -> st -> destroy(st, one(rest, "destroy"));
            case "pause" -> st -> pause(st, one(rest, "pause"), true);
            case "unpause" -> st -> pause(st, one(rest, "unpause"), false);
            case "info" -> st -> info(st, rest);
            default -> {
                err.println("command not implemented");
                throw new Exit(1);
            }
        };
        locked(file, work);
        return status[0];
    }

    /** The single argument of a command without options (xl: "'xl CMD' requires at least 1 argument."). */
    private String one(List<String> args, String cmd) {
        for (String a : args) {
            if (a.startsWith("-")) {
                err.println("option `" + a.substring(1) + "' not supported.");
                throw new Exit(2);
            }
        }
        if (args.isEmpty()) {
            err.println("'xl " + cmd + "' requires at least 1 argument.\n");
            throw new Exit(2);
        }
        return args.get(0);
    }

    /** libxl_domain_qualifier_to_domid then xl's find_domain: digits are a domid, anything else a name. */
    private static Integer qualifier(State st, String p) {
        if (!p.isEmpty() && p.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(p.length() > 9 ? "999999999" : p);
        }
        Dom d = st.byName(p);
        return d == null ? null : d.id;
    }

    private int findDomain(State st, String p) {
        Integer id = qualifier(st, p);
        if (id == null) {
            err.println(p + " is an invalid domain identifier (rc=-6)");
            throw new Exit(1);
        }
        return id;
    }

    private void domname(State st, String arg) {
        int id;
        try {
            id = Integer.parseInt(arg.trim());
        } catch (NumberFormatException e) {
            id = 0;
            if (!arg.matches("\\s*[+-]?[0-9].*")) {
                err.println("Invalid domain id.\n");
                throw new Exit(1);
            }
        }
        Dom d = st.byId(id);
        if (d == null) {
            err.println("Can't get domain name of domain id '" + Integer.toUnsignedString(id) + "', maybe this domain does not exist.");
            throw new Exit(1);
        }
        out.println(d.name);
    }

    private Dom existing(State st, int id, String what) {
        Dom d = st.byId(id);
        if (d == null) {
            err.println("libxl: error: libxl_domain.c:" + what + ": Domain " + id + ":Non-existent domain");
        }
        return d;
    }

    private void destroy(State st, String p) {
        int id = findDomain(st, p);
        if (id == 0) {
            err.println("Cannot destroy privileged domain 0.\n");
            throw new Exit(1);
        }
        if (existing(st, id, "libxl__destroy_domid") == null) {
            err.println("destroy failed (rc=-3)");
            throw new Exit(1);
        }
        st.doms.removeIf(d -> d.id == id);
    }

    private void pause(State st, String p, boolean pause) {
        int id = findDomain(st, p);
        Dom d = existing(st, id, pause ? "libxl_domain_pause" : "libxl_domain_unpause");
        if (d == null) {
            return; // xl 4.17 ignores libxl's answer here and exits 0
        }
        // a paused guest neither runs nor blocks; an unpaused idle guest blocks
        d.state = (pause ? "--p" : "-b-") + d.state.substring(3);
    }

    private void shutdown(State st, List<String> args, boolean reboot) {
        String cmd = reboot ? "reboot" : "shutdown";
        boolean fallback = false;
        List<String> doms = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "-F" -> fallback = true;
                case "-w" -> {
                    if (reboot) {
                        err.println("option `w' not supported.");
                        throw new Exit(2);
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        err.println("option `" + a.substring(1) + "' not supported.");
                        throw new Exit(2);
                    }
                    doms.add(a);
                }
            }
        }
        if (doms.size() != 1) {
            err.println("You must specify exactly one domain or -a.\n");
            throw new Exit(2);
        }
        int id = findDomain(st, doms.get(0));
        Dom d = existing(st, id, reboot ? "libxl_domain_reboot" : "libxl_domain_shutdown");
        if (d == null) {
            err.println(cmd + " failed (rc=-3)");
            throw new Exit(1);
        }
        if ("hvm".equals(d.type) && !fallback) {
            err.println("PV control interface not available: external graceful " + cmd + " not possible.");
            err.println("Use \"-F\" to fallback to ACPI " + (reboot ? "reset" : "power") + " event.");
            err.println(cmd + " failed (rc=-10)");
            throw new Exit(1);
        }
        if (reboot) {
            d.id = st.nextId++; // on_reboot=restart: xl's daemon makes the domain again
            d.state = "-b----";
        } else {
            d.state = "---s" + SHUTDOWN_REASON_LETTERS.charAt(0) + "-";
        }
    }

    private void list(State st, List<String> args) {
        boolean details = false;
        List<String> which = new ArrayList<>();
        for (String a : args) {
            if ("-l".equals(a) || "--long".equals(a)) {
                details = true;
            } else if (a.startsWith("-")) {
                err.println("option `" + a.replaceFirst("^-+", "") + "' not supported.");
                throw new Exit(2);
            } else {
                which.add(a);
            }
        }
        if (which.size() > 1) {
            err.println("'xl list' requires at most 1 argument.\n");
            throw new Exit(2);
        }
        List<Dom> doms = new ArrayList<>();
        if (which.isEmpty()) {
            doms.addAll(st.doms);
        } else {
            int id = findDomain(st, which.get(0));
            Dom d = st.byId(id);
            if (d == null) {
                err.println("Error: Domain '" + which.get(0) + "' does not exist.");
                throw new Exit(1);
            }
            doms.add(d);
        }
        if (details) {
            json(doms);
            return;
        }
        out.println(HEADER);
        for (Dom d : doms) {
            out.println(String.format(Locale.ROOT, "%-40s %5d %5d %5d     %s  %8.1f", d.name, d.id, d.memKb / 1024,
                d.vcpus, d.state, d.cpuSeconds));
        }
    }

    private void json(List<Dom> doms) {
        StringBuilder b = new StringBuilder("[\n");
        boolean first = true;
        for (Dom d : doms) {
            if (d.id == 0) {
                continue; // no xl userdata for Domain-0
            }
            if (!first) {
                b.append(",\n");
            }
            first = false;
            StringBuilder avail = new StringBuilder();
            for (int i = 0; i < d.vcpus; i++) {
                avail.append(i == 0 ? "" : ", ").append(i);
            }
            b.append("    {\n        \"domid\": ").append(d.id).append(",\n        \"config\": {\n")
                .append("            \"c_info\": {\n")
                .append("                \"type\": ").append(str(d.type)).append(",\n")
                .append("                \"name\": ").append(str(d.name)).append(",\n")
                .append("                \"uuid\": ").append(str(d.uuid)).append("\n")
                .append("            },\n            \"b_info\": {\n")
                .append("                \"max_vcpus\": ").append(d.maxVcpus).append(",\n")
                .append("                \"avail_vcpus\": [\n                    ").append(avail).append("\n                ],\n")
                .append("                \"max_memkb\": ").append(d.maxMemKb).append(",\n")
                .append("                \"target_memkb\": ").append(d.memKb).append("\n")
                .append("            }\n        }\n    }");
        }
        out.println(b.append("\n]"));
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private void info(State st, List<String> args) {
        if (!args.isEmpty()) {
            err.println("option not supported by the stand-in: " + args);
            throw new Exit(2);
        }
        long used = st.doms.stream().mapToLong(d -> d.memKb / 1024).sum();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("host", "xenhost");
        v.put("release", "6.1.0-13-amd64");
        v.put("version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)");
        v.put("machine", "x86_64");
        v.put("nr_cpus", "4");
        v.put("max_cpu_id", "3");
        v.put("nr_nodes", "1");
        v.put("cores_per_socket", "2");
        v.put("threads_per_core", "2");
        v.put("cpu_mhz", "2400.000");
        v.put("hw_caps", "178bf3ff:f6d8320b:2e500800:244037ff:0000000f:219c91a9:00400004:00000500");
        v.put("virt_caps", "pv hvm hvm_directio pv_directio hap shadow");
        v.put("total_memory", "8192");
        v.put("free_memory", Long.toString(8192 - used));
        v.put("sharing_freed_memory", "0");
        v.put("sharing_used_memory", "0");
        v.put("outstanding_claims", "0");
        v.put("free_cpus", "0");
        v.put("xen_major", "4");
        v.put("xen_minor", "17");
        v.put("xen_extra", ".2");
        v.put("xen_version", "4.17.2");
        v.put("xen_caps", "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
        v.put("xen_scheduler", "credit2");
        v.put("xen_pagesize", "4096");
        v.put("platform_params", "virt_start=0xffff800000000000");
        v.put("xen_changeset", "");
        v.put("xen_commandline", "placeholder dom0_mem=2048M,max:2048M");
        v.put("cc_compiler", "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0");
        v.put("cc_compile_by", "pkg-xen-devel");
        v.put("cc_compile_domain", "lists.alioth.debian.org");
        v.put("cc_compile_date", "Mon Nov  6 10:00:00 UTC 2023");
        v.put("build_id", "0123456789abcdef0123456789abcdef01234567");
        v.put("xend_config_format", "4");
        v.forEach((k, val) -> out.println(String.format(Locale.ROOT, "%-23s: %s", k, val)));
    }

    // ---------------------------------------------------------------- create

    private int create(State st, List<String> args) {
        boolean paused = false;
        String cfgPath = null;
        for (String a : args) {
            if ("-p".equals(a)) {
                paused = true;
            } else if (a.startsWith("-")) {
                err.println("option `" + a.substring(1) + "' not supported.");
                throw new Exit(2);
            } else if (cfgPath == null) {
                cfgPath = a;
            } else {
                // xl takes further arguments as key=value overrides; the driver never passes any
                err.println("xl stand-in: unexpected extra argument '" + a + "'");
                throw new Exit(2);
            }
        }
        if (cfgPath == null) {
            err.println("Usage: xl [-v] create <ConfigFile> [options] [vars]");
            throw new Exit(2);
        }
        err.println("Parsing config from " + cfgPath);
        String text;
        try {
            text = Files.readString(Path.of(cfgPath));
        } catch (NoSuchFileException e) {
            err.println("Failed to read config file: " + cfgPath + ": No such file or directory");
            throw new Exit(1);
        } catch (IOException e) {
            err.println("Failed to read config file: " + cfgPath + ": " + e.getMessage());
            throw new Exit(1);
        }
        Map<String, Setting> cfg = new XlCfgReader(cfgPath, text, err).read();
        String name = string(cfgPath, cfg, "name");
        if (name == null) {
            err.println("Domain name must be specified.");
            throw new Exit(1);
        }
        String uuid = string(cfgPath, cfg, "uuid");
        if (uuid != null) {
            try {
                uuid = UUID.fromString(uuid).toString();
                if (uuid.length() != 36) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                err.println("Failed to parse UUID: " + uuid);
                throw new Exit(1);
            }
        } else {
            uuid = UUID.randomUUID().toString();
        }
        String type = string(cfgPath, cfg, "type");
        if (type == null) {
            String builder = string(cfgPath, cfg, "builder");
            type = "hvm".equals(builder) ? "hvm" : "pv";
        } else if (!List.of("pv", "pvh", "hvm").contains(type)) {
            err.println("Invalid domain type " + type + ".");
            throw new Exit(1);
        }
        Long memory = number(cfgPath, cfg, "memory");
        Long maxmem = number(cfgPath, cfg, "maxmem");
        Long vcpus = number(cfgPath, cfg, "vcpus");
        Long maxvcpus = number(cfgPath, cfg, "maxvcpus");
        list(cfgPath, cfg, "disk");
        list(cfgPath, cfg, "vif");
        if (name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0) {
            err.println("xl stand-in: cannot keep a name with a tab or newline");
            throw new Exit(2);
        }
        if (st.byName(name) != null) {
            err.println("libxl: error: libxl_domain.c:libxl__domain_rename: domain with name \"" + name + "\" already exists.");
            err.println("libxl: error: libxl_create.c:initiate_domain_create: cannot make domain: -6");
            throw new Exit(1);
        }
        Dom d = new Dom();
        d.id = st.nextId++;
        d.name = name;
        d.uuid = uuid;
        d.type = type;
        long memMiB = memory != null ? memory : maxmem != null ? maxmem : 32; // libxl's LIBXL_MEMKB_DEFAULT
        d.memKb = memMiB * 1024;
        d.maxMemKb = (maxmem != null ? Math.max(maxmem, memMiB) : memMiB) * 1024;
        d.vcpus = vcpus != null ? vcpus.intValue() : 1;
        d.maxVcpus = maxvcpus != null ? maxvcpus.intValue() : d.vcpus;
        d.state = paused ? "--p---" : "-b----";
        d.cpuSeconds = 0.0;
        d.cfg = cfgPath;
        st.doms.add(d);
        return 0;
    }

    /** One setting of the cfg: an atom (libxlu keeps numbers and strings alike as text) or a list. */
    record Setting(int line, String atom, List<String> list) {
    }

    /** xlu_cfg_get_string: an atom; a list is "a list but should be a single value" and counts as absent. */
    private String string(String src, Map<String, Setting> cfg, String key) {
        Setting s = cfg.get(key);
        if (s == null) {
            return null;
        }
        if (s.atom() == null) {
            err.println(src + ":" + s.line() + ": warning: parameter `" + key + "' is a list but should be a single value");
            return null;
        }
        return s.atom();
    }

    /** xlu_cfg_get_long: strtol(value, 0) of an atom that must be all number. */
    private Long number(String src, Map<String, Setting> cfg, String key) {
        String v = string(src, cfg, key);
        if (v == null) {
            return null;
        }
        try {
            String t = v.trim();
            boolean neg = t.startsWith("-");
            String u = neg || t.startsWith("+") ? t.substring(1) : t;
            long n = u.startsWith("0x") || u.startsWith("0X") ? Long.parseLong(u.substring(2), 16)
                : u.length() > 1 && u.startsWith("0") ? Long.parseLong(u, 8) : Long.parseLong(u);
            return neg ? -n : n;
        } catch (NumberFormatException e) {
            err.println(src + ":" + cfg.get(key).line() + ": warning: parameter `" + key + "' is not a valid number");
            return null;
        }
    }

    /** xlu_cfg_get_list: a list; an atom is "is a single value but should be a list". */
    private List<String> list(String src, Map<String, Setting> cfg, String key) {
        Setting s = cfg.get(key);
        if (s == null) {
            return List.of();
        }
        if (s.list() == null) {
            err.println(src + ":" + s.line() + ": warning: parameter `" + key + "' is a single value but should be a list");
            return List.of();
        }
        return s.list();
    }

    /**
     * libxlu's cfg grammar (libxlu_cfg_y.y, libxlu_cfg_l.l): statements {@code ID = value} ended by
     * a newline or ';', {@code #} comments, values an atom (a number token or a '...' / "..." string)
     * or a list of atoms in [ ] (newlines allowed inside, a trailing comma allowed). The last
     * setting of a key wins. A syntax error is the parser's report and "Failed to parse config".
     */
    static final class XlCfgReader {
        private final String src;
        private final String s;
        private final PrintStream err;
        private int pos;
        private int line = 1;

        XlCfgReader(String src, String s, PrintStream err) {
            this.src = src;
            this.s = s;
            this.err = err;
        }

        Map<String, Setting> read() {
            Map<String, Setting> out = new LinkedHashMap<>();
            while (true) {
                skipBlanks(false);
                if (pos >= s.length()) {
                    return out;
                }
                char c = s.charAt(pos);
                if (c == '\n' || c == ';') {
                    nl(c);
                    continue;
                }
                if (!isIdStart(c)) {
                    fail(token());
                }
                int start = pos;
                while (pos < s.length() && (isIdStart(s.charAt(pos)) || Character.isDigit(s.charAt(pos)))) {
                    pos++;
                }
                String key = s.substring(start, pos);
                int keyLine = line;
                skipBlanks(false);
                if (pos >= s.length() || s.charAt(pos) != '=') {
                    fail(token());
                }
                pos++;
                skipBlanks(false);
                Setting v;
                if (pos < s.length() && s.charAt(pos) == '[') {
                    pos++;
                    List<String> items = new ArrayList<>();
                    boolean needComma = false;
                    while (true) {
                        skipBlanks(true);
                        if (pos >= s.length()) {
                            fail("");
                        }
                        char d = s.charAt(pos);
                        if (d == ']') {
                            pos++;
                            break;
                        }
                        if (d == ',' && needComma) {
                            pos++;
                            needComma = false;
                            continue;
                        }
                        if (needComma) {
                            fail(token());
                        }
                        items.add(atom());
                        needComma = true;
                    }
                    v = new Setting(keyLine, null, List.copyOf(items));
                } else {
                    v = new Setting(keyLine, atom(), null);
                }
                skipBlanks(false);
                if (pos < s.length()) {
                    char e = s.charAt(pos);
                    if (e != '\n' && e != ';') {
                        fail(token());
                    }
                    nl(e);
                }
                out.put(key, v);
            }
        }

        private void nl(char c) {
            pos++;
            if (c == '\n') {
                line++;
            }
        }

        private static boolean isIdStart(char c) {
            return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }

        private void skipBlanks(boolean newlines) {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (newlines && c == '\n') {
                    nl(c);
                } else {
                    return;
                }
            }
        }

        private String atom() {
            char c = s.charAt(pos);
            if (c == '\'' || c == '"') {
                StringBuilder b = new StringBuilder();
                int i = pos + 1;
                while (i < s.length() && s.charAt(i) != c) {
                    char d = s.charAt(i);
                    if (d == '\n') {
                        fail(token());
                    }
                    if (d == '\\' && c == '"' && i + 1 < s.length()) {
                        char e = s.charAt(++i);
                        b.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        b.append(d);
                    }
                    i++;
                }
                if (i >= s.length()) {
                    fail(token());
                }
                pos = i + 1;
                return b.toString();
            }
            if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || "+-.".indexOf(s.charAt(pos)) >= 0)) {
                    pos++;
                }
                return s.substring(start, pos);
            }
            fail(token());
            return null;
        }

        private String token() {
            if (pos >= s.length()) {
                return "";
            }
            int end = pos + 1;
            while (end < s.length() && Character.isLetterOrDigit(s.charAt(end)) && Character.isLetterOrDigit(s.charAt(pos))) {
                end++;
            }
            return s.substring(pos, end);
        }

        private void fail(String near) {
            err.println(src + ":" + line + ": config parsing error near "
                + (near.isEmpty() ? "end of file" : "`" + near + "'") + ": syntax error");
            err.println("Failed to parse config: Invalid argument");
            throw new Exit(1);
        }
    }
}
