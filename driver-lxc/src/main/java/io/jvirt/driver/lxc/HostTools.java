package io.jvirt.driver.lxc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.local.HostPrograms;

/**
 * The host programs the driver launches containers with (util-linux's setsid, unshare, mount and
 * setpriv, coreutils for the output relay, plus sh, ip, nsenter and socat), found on the host's PATH
 * at activation, and whether the driver may run containers at all (root, tools, cgroups).
 *
 * <p>After pivot_root the container's launcher still needs {@code umount} and {@code rmdir} to
 * drop the old root, but the host's dynamic loader and libraries are then only reachable under
 * the old root's path. {@link #oldRootCommand} builds a command that runs such a program through
 * the host's loader with explicit library directories, so no static helper is needed.
 */
final class HostTools {

    /**
     * The whole environment of every host program the driver starts (launcher, relays): a fixed
     * PATH of the system directories and nothing else, so no variable of the JVM's or of a
     * domain's reaches a program run as root.
     */
    static final String LAUNCHER_PATH = HostPrograms.SYSTEM_PATH;
    private static final Pattern LDD_LIB = Pattern.compile("=>\\s*(/\\S+)");
    private static final Pattern LDD_INTERP = Pattern.compile("^\\s*(/\\S+)\\s+\\(0x");

    final Path sh;
    final Path setsid;
    final Path unshare;
    final Path mount;
    final Path umount;
    final Path rmdir;
    final Path mkdir;
    final Path pivotRoot;
    /** util-linux: drops the container's capabilities before its first program runs. */
    final Path setpriv;
    /** util-linux: whether a host directory is a mount point (unmounting the host's /proc, /sys, /dev). */
    final Path mountpoint;
    /** coreutils: the output relay ({@code split --filter}) and what it and the launcher use. */
    final Path split;
    final Path mkfifo;
    final Path rm;
    final Path ln;
    /** Signals Java cannot send (SIGHUP for a reboot), by pid: procps or util-linux kill. */
    final Path kill;
    /** sethostname(2) works in a user namespace where writing /proc/sys/kernel/hostname does not; optional. */
    final Path hostname;
    final Path ip;
    final Path nsenter;
    /** The pty relay of {@code <console type='pty'>}; optional (only pty consoles need it). */
    final Path socat;
    private final String problem;
    /** The ELF loader and library directories (real paths) of umount and rmdir; null when static. */
    private Path loader;
    private final Set<Path> libDirs = new LinkedHashSet<>();

    private HostTools(boolean checkRoot) {
        sh = find("sh");
        setsid = find("setsid");
        unshare = find("unshare");
        mount = find("mount");
        umount = find("umount");
        rmdir = find("rmdir");
        mkdir = find("mkdir");
        pivotRoot = find("pivot_root");
        setpriv = find("setpriv");
        mountpoint = find("mountpoint");
        split = find("split");
        mkfifo = find("mkfifo");
        rm = find("rm");
        ln = find("ln");
        kill = find("kill");
        hostname = find("hostname");
        ip = find("ip");
        nsenter = find("nsenter");
        socat = find("socat");
        List<String> missing = new ArrayList<>();
        for (var e : new Object[][] {{"sh", sh}, {"setsid", setsid}, {"unshare", unshare}, {"mount", mount},
            {"umount", umount}, {"rmdir", rmdir}, {"mkdir", mkdir}, {"pivot_root", pivotRoot}, {"setpriv", setpriv},
            {"mountpoint", mountpoint}, {"split", split}, {"mkfifo", mkfifo}, {"rm", rm}, {"ln", ln}, {"kill", kill},
            {"wc", find("wc")}, {"mv", find("mv")}, {"cat", find("cat")}, {"truncate", find("truncate")}}) {
            if (e[1] == null) {
                missing.add((String) e[0]);
            }
        }
        String p = null;
        if (checkRoot && !isRoot()) {
            p = "the LXC driver needs root privileges (running as uid " + uid() + ")";
        } else if (!missing.isEmpty()) {
            p = "missing host programs: " + String.join(", ", missing) + " (util-linux, coreutils, procps)";
        } else if (!Files.exists(Path.of("/proc/self/ns/pid"))) {
            p = "this kernel has no namespaces (/proc/self/ns/pid is missing)";
        } else {
            try {
                probeLoader(umount);
                probeLoader(rmdir);
            } catch (IOException e) {
                p = "cannot inspect " + umount + " with ldd: " + e.getMessage();
            }
        }
        this.problem = p;
    }

    static HostTools detect() {
        return new HostTools(true);
    }

    /** Why containers cannot be run by these tools, or null. */
    String problem() {
        return problem;
    }

    /** The command line that runs {@code program} after pivot_root, with the old root at {@code oldRoot}. */
    List<String> oldRootCommand(String oldRoot, Path program) {
        List<String> cmd = new ArrayList<>();
        if (loader == null) {
            cmd.add(oldRoot + real(program));
            return cmd;
        }
        cmd.add(oldRoot + loader);
        cmd.add("--library-path");
        StringBuilder lp = new StringBuilder();
        for (Path d : libDirs) {
            lp.append(lp.length() == 0 ? "" : ":").append(oldRoot).append(d);
        }
        cmd.add(lp.toString());
        cmd.add(oldRoot + real(program));
        return cmd;
    }

    private void probeLoader(Path program) throws IOException {
        String out = run(List.of("ldd", program.toString()));
        for (String line : out.split("\n")) {
            Matcher m = LDD_LIB.matcher(line);
            if (m.find()) {
                libDirs.add(real(Path.of(m.group(1))).getParent());
                continue;
            }
            Matcher i = LDD_INTERP.matcher(line);
            if (i.find()) {
                loader = real(Path.of(i.group(1)));
            }
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    /** A program in the system directories ({@link HostPrograms#find}: never the JVM's PATH), or null. */
    static Path find(String name) {
        return HostPrograms.find(name).orElse(null);
    }

    static boolean isRoot() {
        return "0".equals(uid());
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).trim().split("\\s+")[1]; // the effective uid
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    /**
     * Runs a short host command (at most 30 s, even when it leaves a child holding its output open)
     * and returns its output; IOException when it fails or times out.
     */
    static String run(List<String> cmd) throws IOException {
        HostCommand.Result r;
        try {
            r = HostCommand.run(cmd, java.util.Map.of("PATH", LAUNCHER_PATH), 30_000, ErrorDomain.LXC);
        } catch (VirtException e) {
            throw new IOException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
        String s = r.output();
        // ldd says "not a dynamic executable" with status 1 for static programs: that is an answer
        if (r.status() != 0 && !s.contains("not a dynamic executable")) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.status() + "): " + s.trim());
        }
        return s;
    }
}
