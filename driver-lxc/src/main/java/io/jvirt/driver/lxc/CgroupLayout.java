package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which cgroup hierarchies this host offers, detected at runtime from
 * {@code /proc/self/mountinfo}: cgroup v1 when the memory, cpu, cpuacct, devices and freezer
 * controllers are mounted as v1 hierarchies (libvirt requires cpuacct, devices and memory; pids is
 * used when there), else cgroup v2 when a unified
 * hierarchy offers memory and cpu (freezing is built into v2). Neither: {@link #problem()} says
 * what is missing, and the driver refuses to open.
 */
final class CgroupLayout {

    static final List<String> V1_REQUIRED = List.of("memory", "cpu", "cpuacct", "devices", "freezer");
    static final List<String> V1_OPTIONAL = List.of("pids");
    static final List<String> V2_REQUIRED = List.of("memory", "cpu");

    private final Map<String, Path> v1 = new LinkedHashMap<>();
    private Path v2Mount;
    private List<String> v2Controllers = List.of();
    private final String parent;
    private String problem;

    private CgroupLayout(String parent) {
        this.parent = parent;
    }

    /** Detects the host's layout; {@code parent} is the directory under each hierarchy that holds the containers. */
    static CgroupLayout detect(Path mountinfo, String parent) {
        CgroupLayout l = new CgroupLayout(parent);
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo, StandardCharsets.UTF_8);
        } catch (IOException e) {
            l.problem = "cannot read " + mountinfo + ": " + e.getMessage();
            return l;
        }
        Map<String, Path> found = new LinkedHashMap<>();
        for (String line : lines) {
            int sep = line.indexOf(" - ");
            if (sep < 0) {
                continue;
            }
            String[] left = line.substring(0, sep).split(" ");
            String[] right = line.substring(sep + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            Path mnt = Path.of(unescape(left[4]));
            if ("cgroup".equals(right[0])) {
                for (String opt : right[2].split(",")) {
                    if (V1_REQUIRED.contains(opt) || V1_OPTIONAL.contains(opt)) {
                        found.putIfAbsent(opt, mnt);
                    }
                }
            } else if ("cgroup2".equals(right[0]) && l.v2Mount == null) {
                List<String> ctl = controllers(mnt);
                if (ctl.containsAll(V2_REQUIRED)) {
                    l.v2Mount = mnt;
                    l.v2Controllers = new ArrayList<>(V2_REQUIRED);
                    if (ctl.contains("pids")) {
                        l.v2Controllers.add("pids");
                    }
                }
            }
        }
        List<String> missing = new ArrayList<>();
        for (String c : V1_REQUIRED) {
            if (!found.containsKey(c)) {
                missing.add(c);
            }
        }
        if (missing.isEmpty()) {
            for (String c : V1_REQUIRED) {
                l.v1.put(c, found.get(c));
            }
            for (String c : V1_OPTIONAL) {
                if (found.containsKey(c)) {
                    l.v1.put(c, found.get(c));
                }
            }
            l.v2Mount = null; // v1 wins when both are complete: the unified hierarchy then owns nothing we need
        } else if (l.v2Mount == null) {
            l.problem = "no usable cgroup controllers: cgroup v1 lacks " + String.join(", ", missing)
                + " and no cgroup v2 hierarchy offers " + String.join(" and ", V2_REQUIRED);
        }
        return l;
    }

    private static List<String> controllers(Path v2Mount) {
        try {
            return Arrays.asList(Files.readString(v2Mount.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** mountinfo escapes blanks and backslashes as octal. */
    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    /** Why containers cannot get a cgroup here, or null when they can. */
    String problem() {
        return problem;
    }

    boolean isV2() {
        return v2Mount != null;
    }

    /**
     * The cgroup path (relative to each hierarchy) of the domain with this UUID. Named by the UUID,
     * never by the domain's name: a later domain may take a name again (after the driver lost track
     * of the first), and must never adopt or kill the first one's container; a name such as
     * "cgroup.procs" could not be a cgroup at all.
     */
    String relativePath(java.util.UUID uuid) {
        return parent + "/" + uuid;
    }

    /** The directory under each hierarchy that holds the containers. */
    String parent() {
        return parent;
    }

    /** The cgroup at {@code rel} (relative to each hierarchy; not created). */
    Cgroup at(String rel) {
        return isV2() ? new CgroupV2(v2Mount, rel, v2Controllers) : new CgroupV1(v1, rel);
    }

    @Override
    public String toString() {
        return problem != null ? "unusable: " + problem : isV2() ? "cgroup v2 at " + v2Mount + " " + v2Controllers : "cgroup v1 " + v1;
    }
}
