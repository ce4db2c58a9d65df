package io.jvirt.driver.phyp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The stand-in HMC's command handler: the HMC and IVM commands libvirt's phyp driver sent
 * ({@code lshmc}, {@code lssyscfg}, {@code lshwres}, {@code chsysstate}, {@code mksyscfg},
 * {@code rmsyscfg}, {@code chhwres}) over an in-memory set of LPARs, with the real output format
 * (the {@code -F} fields in order, comma separated, a field holding a comma quoted; "No results
 * were found." for an empty filter) and the HMC's error lines ({@code HSCL} codes) and exit
 * statuses. In HMC mode {@code -m} must name the managed system where the HMC requires it; in IVM
 * mode {@code lshmc} is not found (exit 127) and {@code -m} is optional. What it does not know (a
 * command, an option, a field, a shell character) is refused, so a wrong command fails the test.
 */
public final class HmcCommands {

    public enum Mode { HMC, IVM }

    /** One partition of the stand-in. */
    public static final class Partition {
        public final int id;
        public String name;
        public String state = "Not Activated";
        public String profile;
        public long curMem;
        public long maxMem;
        public int procs;
        public int maxProcs;
        public String disk = "";

        Partition(int id, String name) {
            this.id = id;
            this.name = name;
            this.profile = name;
        }
    }

    /** One command's result. */
    public record Result(int status, String out, String err) {
    }

    private static final String NO_RESULTS = "No results were found.";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9 _.,=+/:-]*");

    private final Mode mode;
    public final String system;
    public final String typeModel = "8233-E8B";
    public final String serial = "06DE3FR";
    private final TreeMap<Integer, Partition> lpars = new TreeMap<>();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    public HmcCommands(Mode mode, String system) {
        this.mode = mode;
        this.system = system;
        if (mode == Mode.IVM) {
            // an IVM's own partition, the VIOS, is partition 1 and runs
            Partition vios = add("vios1", 4096, 4096, 1, 1);
            vios.state = "Running";
        }
    }

    public Mode mode() {
        return mode;
    }

    /** Adds a partition (not activated) with the lowest free id. */
    public synchronized Partition add(String name, long memMb, long maxMemMb, int procs, int maxProcs) {
        int id = 1;
        while (lpars.containsKey(id)) {
            id++;
        }
        Partition p = new Partition(id, name);
        p.curMem = memMb;
        p.maxMem = maxMemMb;
        p.procs = procs;
        p.maxProcs = maxProcs;
        lpars.put(id, p);
        return p;
    }

    public synchronized Partition byName(String name) {
        return lpars.values().stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
    }

    public synchronized void remove(String name) {
        lpars.values().removeIf(p -> p.name.equals(name));
    }

    /** Every command line received, in order. */
    public List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public synchronized Result run(String line) {
        log.add(line);
        if (!SAFE.matcher(line).matches()) {
            return new Result(1, "", "rbash: restricted: cannot read this command line: " + line + "\n");
        }
        List<String> words = new ArrayList<>(List.of(line.strip().split(" +")));
        String cmd = words.remove(0);
        try {
            return switch (cmd) {
                case "lshmc" -> lshmc(words);
                case "lssyscfg" -> lssyscfg(opts(words, Set.of("-r", "-m", "-F", "--filter"), Set.of()));
                case "lshwres" -> lshwres(opts(words, Set.of("-r", "-m", "-F", "--filter", "--level"), Set.of()));
                case "chsysstate" -> chsysstate(opts(words, Set.of("-r", "-m", "-o", "--id", "-f"),
                    Set.of("--immed", "--restart")));
                case "mksyscfg" -> mksyscfg(opts(words, Set.of("-r", "-m", "-p", "-i"), Set.of()));
                case "rmsyscfg" -> rmsyscfg(opts(words, Set.of("-r", "-m", "--id"), Set.of()));
                case "chhwres" -> chhwres(opts(words, Set.of("-r", "-m", "--id", "-o", "--procunits"), Set.of()));
                default -> new Result(127, "", "rbash: " + cmd + ": command not found\n");
            };
        } catch (HmcError e) {
            return new Result(e.status, "", e.getMessage() + "\n");
        }
    }

    private static final class HmcError extends RuntimeException {
        final int status;

        HmcError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static HmcError error(String message) {
        return new HmcError(1, message);
    }

    private Result lshmc(List<String> words) {
        if (mode == Mode.IVM) {
            return new Result(127, "", "rbash: lshmc: command not found\n");
        }
        if (!words.equals(List.of("-V"))) {
            throw error("An invalid parameter was entered: " + String.join(" ", words));
        }
        return new Result(0, "\"version= Version: 7\n Release: 7.9.0\n Service Pack: 0\nHMC Build level 20190730.1\n\",\"base_version=V7R7.9.0\n\"\n", "");
    }

    /** Options with values ({@code valued}) and flags; anything else is refused, as the HMC does. */
    private static Map<String, String> opts(List<String> words, Set<String> valued, Set<String> flags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (flags.contains(w)) {
                out.put(w, "");
            } else if (valued.contains(w) && i + 1 < words.size()) {
                out.put(w, words.get(++i));
            } else {
                throw error("An invalid parameter was entered: " + w);
            }
        }
        return out;
    }

    /** HMC: -m must name the system; IVM: optional, but then it must too. */
    private void system(Map<String, String> o, boolean requiredOnHmc) {
        String m = o.get("-m");
        if (m == null) {
            if (mode == Mode.HMC && requiredOnHmc) {
                throw error("HSCL350B The managed system (-m) parameter is required for this command.");
            }
            return;
        }
        if (!m.equals(system)) {
            throw error("HSCL8012 The managed system " + m + " was not found.");
        }
    }

    private static String need(Map<String, String> o, String opt) {
        String v = o.get(opt);
        if (v == null) {
            throw error("The " + opt + " parameter is required.");
        }
        return v;
    }

    private List<Partition> filtered(Map<String, String> o) {
        List<Partition> out = new ArrayList<>(lpars.values());
        String f = o.get("--filter");
        if (f != null) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                throw error("An invalid filter was entered: " + f);
            }
            String key = f.substring(0, eq);
            List<String> values = List.of(f.substring(eq + 1).split(","));
            switch (key) {
                case "lpar_ids" -> out.removeIf(p -> !values.contains(String.valueOf(p.id)));
                case "lpar_names" -> out.removeIf(p -> !values.contains(p.name));
                default -> throw error("An invalid filter was entered: " + key);
            }
        }
        return out;
    }

    private static String format(List<Partition> ps, String fields, Map<String, Function<Partition, Object>> known) {
        List<String> fs = List.of(fields.split(","));
        for (String f : fs) {
            if (!known.containsKey(f)) {
                throw error("HSCL0003 An invalid attribute was entered: " + f);
            }
        }
        if (ps.isEmpty()) {
            return NO_RESULTS + "\n";
        }
        StringBuilder b = new StringBuilder();
        for (Partition p : ps) {
            List<String> vals = new ArrayList<>();
            for (String f : fs) {
                vals.add(quote(String.valueOf(known.get(f).apply(p))));
            }
            b.append(String.join(",", vals)).append('\n');
        }
        return b.toString();
    }

    private Result lssyscfg(Map<String, String> o) {
        String r = need(o, "-r");
        String fields = need(o, "-F");
        switch (r) {
            case "sys" -> {
                system(o, false);
                Map<String, Object> sys = Map.of("name", system, "type_model", typeModel, "serial_num", serial,
                    "state", "Operating");
                List<String> vals = new ArrayList<>();
                for (String f : fields.split(",")) {
                    if (!sys.containsKey(f)) {
                        throw error("HSCL0003 An invalid attribute was entered: " + f);
                    }
                    vals.add(quote(String.valueOf(sys.get(f))));
                }
                return new Result(0, String.join(",", vals) + "\n", "");
            }
            case "lpar" -> {
                system(o, true);
                Map<String, Function<Partition, Object>> known = new LinkedHashMap<>();
                known.put("name", p -> p.name);
                known.put("lpar_id", p -> p.id);
                known.put("state", p -> p.state);
                known.put("lpar_env", p -> mode == Mode.IVM && p.id == 1 ? "vioserver" : "aixlinux");
                known.put("curr_profile", p -> p.profile);
                return new Result(0, format(filtered(o), fields, known), "");
            }
            case "prof" -> {
                system(o, true);
                Map<String, Function<Partition, Object>> known = new LinkedHashMap<>();
                known.put("name", p -> p.profile);
                known.put("lpar_id", p -> p.id);
                known.put("lpar_name", p -> p.name);
                known.put("desired_mem", p -> p.curMem);
                known.put("max_mem", p -> p.maxMem);
                known.put("desired_procs", p -> p.procs);
                known.put("virtual_scsi_adapters", p -> p.disk);
                return new Result(0, format(filtered(o), fields, known), "");
            }
            default -> throw error("An invalid resource type was entered: " + r);
        }
    }

    private Result lshwres(Map<String, String> o) {
        String r = need(o, "-r");
        String level = need(o, "--level");
        String fields = need(o, "-F");
        system(o, true);
        Map<String, Function<Partition, Object>> known = new LinkedHashMap<>();
        if ("sys".equals(level)) {
            if (o.containsKey("--filter")) {
                throw error("A filter is not valid at the system level.");
            }
            long total = 131072;
            double units = 16.0;
            Map<String, Object> sys = "mem".equals(r)
                ? Map.of("installed_sys_mem", total, "configurable_sys_mem", total, "curr_avail_sys_mem", total / 2)
                : "proc".equals(r) ? Map.of("installed_sys_proc_units", units, "configurable_sys_proc_units", units)
                : null;
            if (sys == null) {
                throw error("An invalid resource type was entered: " + r);
            }
            List<String> vals = new ArrayList<>();
            for (String f : fields.split(",")) {
                if (!sys.containsKey(f)) {
                    throw error("HSCL0003 An invalid attribute was entered: " + f);
                }
                vals.add(String.valueOf(sys.get(f)));
            }
            return new Result(0, String.join(",", vals) + "\n", "");
        }
        if (!"lpar".equals(level)) {
            throw error("An invalid level was entered: " + level);
        }
        known.put("lpar_id", p -> p.id);
        known.put("lpar_name", p -> p.name);
        switch (r) {
            case "mem" -> {
                known.put("curr_mem", p -> p.curMem);
                known.put("curr_max_mem", p -> p.maxMem);
                known.put("curr_min_mem", p -> p.curMem);
            }
            case "proc" -> {
                known.put("curr_procs", p -> p.procs);
                known.put("curr_max_procs", p -> p.maxProcs);
                known.put("curr_min_procs", p -> 1);
            }
            default -> throw error("An invalid resource type was entered: " + r);
        }
        return new Result(0, format(filtered(o), fields, known), "");
    }

    private Partition byId(Map<String, String> o) {
        String id = need(o, "--id");
        Partition p;
        try {
            p = lpars.get(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            throw error("An invalid partition ID was entered: " + id);
        }
        if (p == null) {
            throw error("HSCL8012 The partition with ID " + id + " was not found.");
        }
        return p;
    }

    private Result chsysstate(Map<String, String> o) {
        if (!"lpar".equals(need(o, "-r"))) {
            throw error("An invalid resource type was entered: " + o.get("-r"));
        }
        system(o, true);
        Partition p = byId(o);
        String op = need(o, "-o");
        switch (op) {
            case "on" -> {
                String prof = need(o, "-f");
                if (!prof.equals(p.profile)) {
                    throw error("HSCL8012 The profile " + prof + " was not found.");
                }
                if (!"Not Activated".equals(p.state)) {
                    throw error("HSCL0DB4 The partition " + p.name + " is not in the Not Activated state.");
                }
                if (o.containsKey("--immed") || o.containsKey("--restart")) {
                    throw error("An invalid parameter was entered for -o on.");
                }
                p.state = "Running";
            }
            case "shutdown" -> {
                if ("Not Activated".equals(p.state)) {
                    throw error("HSCL0DB7 The partition " + p.name + " is not running.");
                }
                if (o.containsKey("--restart") && !o.containsKey("--immed")) {
                    throw error("--restart requires --immed.");
                }
                if (!o.containsKey("--restart")) {
                    p.state = "Not Activated";
                }
            }
            default -> throw error("An invalid operation was entered: " + op);
        }
        return new Result(0, "", "");
    }

    private Result mksyscfg(Map<String, String> o) {
        if (!"lpar".equals(need(o, "-r"))) {
            throw error("An invalid resource type was entered: " + o.get("-r"));
        }
        system(o, true);
        String name = need(o, "-p");
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String a : need(o, "-i").split(",")) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw error("An invalid attribute was entered: " + a);
            }
            attrs.put(a.substring(0, eq), a.substring(eq + 1));
        }
        for (String k : attrs.keySet()) {
            if (!Set.of("min_mem", "desired_mem", "max_mem", "desired_procs", "virtual_scsi_adapters").contains(k)) {
                throw error("HSCL0003 An invalid attribute was entered: " + k);
            }
        }
        if (byName(name) != null) {
            throw error("HSCLA005 A partition named " + name + " already exists.");
        }
        long desired;
        long max;
        int procs;
        try {
            desired = Long.parseLong(attrs.get("desired_mem"));
            max = Long.parseLong(attrs.get("max_mem"));
            procs = Integer.parseInt(attrs.get("desired_procs"));
        } catch (RuntimeException e) {
            throw error("HSCL0004 A required attribute is missing or invalid.");
        }
        if (desired < 1 || max < desired || procs < 1) {
            throw error("HSCL0005 The memory or processor values are not valid.");
        }
        Partition p = add(name, desired, max, procs, Math.max(procs, 8));
        p.disk = attrs.getOrDefault("virtual_scsi_adapters", "");
        return new Result(0, "", "");
    }

    private Result rmsyscfg(Map<String, String> o) {
        if (!"lpar".equals(need(o, "-r"))) {
            throw error("An invalid resource type was entered: " + o.get("-r"));
        }
        system(o, true);
        Partition p = byId(o);
        if (!"Not Activated".equals(p.state)) {
            throw error("HSCL0DB6 The partition " + p.name + " cannot be removed while it is running.");
        }
        lpars.remove(p.id);
        return new Result(0, "", "");
    }

    private Result chhwres(Map<String, String> o) {
        if (!"proc".equals(need(o, "-r"))) {
            throw error("An invalid resource type was entered: " + o.get("-r"));
        }
        system(o, true);
        Partition p = byId(o);
        if (!"Running".equals(p.state)) {
            throw error("HSCL12A0 Dynamic changes need a running partition.");
        }
        int n;
        try {
            n = Integer.parseInt(need(o, "--procunits"));
        } catch (NumberFormatException e) {
            throw error("An invalid quantity was entered.");
        }
        int after = switch (need(o, "-o")) {
            case "a" -> p.procs + n;
            case "r" -> p.procs - n;
            default -> throw error("An invalid operation was entered: " + o.get("-o"));
        };
        if (after < 1 || after > p.maxProcs) {
            throw error("HSCL294C The requested processors are out of the partition's range.");
        }
        p.procs = after;
        return new Result(0, "", "");
    }

    /** A field as the HMC prints it: quoted when it holds a comma or a quote. */
    private static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
