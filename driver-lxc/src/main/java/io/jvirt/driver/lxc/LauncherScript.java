package io.jvirt.driver.lxc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FilesystemDef;

/**
 * Writes the small shell program that turns a fresh set of namespaces into the container, so
 * that no native code is needed (the JDK cannot fork into namespaces). It runs in two stages:
 *
 * <ol>
 * <li>{@code outer}, in the host's namespaces: opens the handshake file (fd 8) and the console,
 *     moves itself into the container's cgroup (writing 0 to each {@code cgroup.procs}), starts the
 *     output relay that caps what the container writes, and execs {@code unshare --fork --pid --mount
 *     --uts --ipc --net} (with an {@code <idmap>} also a user namespace, mapped by unshare, whose root
 *     runs the rest) and, inside, {@code setpriv}, which drops the capabilities the container must
 *     not have before its first program runs; so every process of the container is in the cgroup
 *     and without those capabilities from its first instruction.</li>
 * <li>{@code inner}, as pid 1 of the new pid namespace: libvirt's lxcContainerSetupPivotRoot. Makes /
 *     private, binds the root filesystem (the host's own for a container without one) and the
 *     filesystem mounts (all nodev), drops the host's /proc, /sys and /dev from the new root, mounts
 *     /proc (with /proc/sys and /proc/sysrq-trigger read-only, the container's own network sysctls
 *     writable), /sys read-only and a private /dev holding only libvirt's nodes, sets the host name,
 *     reports {@code waiting} and reads {@code go} from stdin (the driver sets up the network in
 *     between), pivots into the root, drops the old root, checks the init, reports {@code exec} and
 *     execs the domain's init with libvirt's environment and the domain's initenv, and nothing else.</li>
 * </ol>
 * Every failing step reports {@code error: ...} on the handshake and exits; since all mounts are
 * in the container's private mount namespace, nothing of a failed start stays mounted on the host.
 * Every value from the definition is single-quoted: it is data for the shell, never code.
 */
final class LauncherScript {

    /**
     * Where pivot_root puts the old root: in the container's own /dev tmpfs, so nothing is written
     * to the root filesystem (which may be read-only). The launcher cannot remove the empty
     * directory itself (no host program runs once the old root is gone); the driver removes it
     * through {@code /proc/PID/root} once init runs.
     */
    static final String OLD_ROOT = "/dev/.jvirt-oldroot";
    /** Host devices bound into the container's /dev (libvirt's virLXCControllerPopulateDevices). */
    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");
    /** libvirt's lxcContainerSetupDevices links. */
    private static final String[][] LINKS = {{"/proc/self/fd/0", "stdin"}, {"/proc/self/fd/1", "stdout"},
        {"/proc/self/fd/2", "stderr"}, {"/proc/self/fd", "fd"}};
    /** The host's file systems a shared root brings along and the container gets its own of (lxcContainerUnmountForSharedRoot). */
    private static final List<String> HOST_SUBTREES = List.of("sys", "dev", "proc");

    /**
     * The relay's filter for the domain log: before each chunk of {@code JVIRT_MAX} bytes, a log
     * of at least that size becomes {@code .1} (the previous {@code .1} goes). Run by split as
     * {@code sh -c}; the paths come from the environment, so nothing is interpolated.
     */
    static final String LOG_FILTER = "if [ -f \"$JVIRT_LOG\" ] && [ \"$(wc -c < \"$JVIRT_LOG\")\" -ge \"$JVIRT_MAX\" ]; "
        + "then mv -f \"$JVIRT_LOG\" \"$JVIRT_LOG.1\"; fi; cat >> \"$JVIRT_LOG\" || exec cat > /dev/null";
    /**
     * The relay's filter for a file console (its stdout, a descriptor the driver opened safely):
     * truncated through that descriptor when it reached {@code JVIRT_MAX} bytes, never reopened by name.
     */
    static final String FD_FILTER = "if [ \"$(wc -c < /proc/$$/fd/1)\" -ge \"$JVIRT_MAX\" ]; "
        + "then truncate -s 0 /proc/$$/fd/1; fi; cat || exec cat > /dev/null";

    private LauncherScript() {
    }

    /**
     * Where init's stdio goes: a pty slave ({@code pty}: stdin, stdout, stderr and /dev/console,
     * opened by the outer stage as the host's root), else the output relay, into the domain log
     * (no console) or into a file console (which the launcher gets as its stdout, opened by the
     * driver, truncated unless {@code append}).
     */
    record Console(String type, String path, boolean append) {
        boolean pty() {
            return "pty".equals(type);
        }

        boolean file() {
            return "file".equals(type);
        }
    }

    /**
     * What one launch needs.
     *
     * @param def         the live definition (its root filesystem is always there: libvirt's EnsureRootFS)
     * @param rootfs      the host directory of the root filesystem ("/" when the host's root is shared)
     * @param stage       the empty directory the host's root is bound on when it is shared
     * @param handshake   the file the launcher reports its progress to
     * @param cgroupProcs the cgroup.procs files the launcher joins
     * @param mapHelpers  the directory of the id mappers (with an idmap)
     * @param console     where init's stdio goes, or null for the domain log
     * @param fifo        the relay's pipe (removed once both ends are open)
     * @param log         the domain log
     * @param logMaxBytes the relay's rotation size
     * @param caps        setpriv's options (empty: nothing to drop)
     */
    record Plan(DomainDef def, Path rootfs, Path stage, Path handshake, List<Path> cgroupProcs, Path mapHelpers,
                Console console, Path fifo, Path log, long logMaxBytes, List<String> caps) {
        boolean sharedRoot() {
            return "/".equals(rootfs.toString());
        }
    }

    /** The init's command line while it is still the launcher (before it execs the domain's init). */
    static String launcherCmdline(HostTools t) {
        return t.sh + "\0/proc/self/fd/9\0inner\0";
    }

    static String build(Plan plan, HostTools t) {
        DomainDef def = plan.def();
        IdMap idmap = IdMap.of(def);
        StringBuilder b = new StringBuilder();
        b.append("# jvirt LXC launcher for domain ").append(def.name().replaceAll("[\\r\\n]", " ")).append('\n');
        b.append("fail() { echo \"error: $*\" >&8; echo \"jvirt: error: $*\" >&2; exit 1; }\n");
        outer(b, plan, idmap, t);

        String r = plan.sharedRoot() ? plan.stage().toString() : plan.rootfs().toString();
        FilesystemDef root = LxcDomainRules.rootFilesystem(def);
        b.append("R=").append(q(r)).append('\n');
        b.append(q(t.mount)).append(" --make-rprivate / || fail 'unable to make / private'\n");
        String source = plan.sharedRoot() ? "/" : r;
        b.append(q(t.mount)).append(" --rbind ").append(q(source)).append(" \"$R\" || fail ")
            .append(q("failed to bind mount " + source)).append('\n');
        remount(b, t, "\"$R\"", root != null && root.readonly(), "the root");
        if (idmap == null) {
            // a shared root (or a root filesystem with mounts inside) brings the host's /proc, /sys
            // and /dev along: they go before anything is mounted there (a mapped root could not
            // unmount them: they are locked to it, and libvirt leaves them underneath too)
            for (String d : HOST_SUBTREES) {
                b.append("if ").append(q(t.mountpoint)).append(" -q \"$R/").append(d).append("\"; then ").append(q(t.umount))
                    .append(" -R -l \"$R/").append(d).append("\" || fail 'unable to unmount the host'\"'\"'s /").append(d)
                    .append("'; fi\n");
            }
        }
        filesystems(b, def, t);
        basicFilesystems(b, plan, t);
        String hostname = hostname(def.name());
        if (hostname.isEmpty()) {
            b.append(": no host name: the domain's name has no letter, digit or '-'\n");
        } else if (t.hostname != null) {
            b.append(q(t.hostname)).append(' ').append(q(hostname)).append(" || fail 'unable to set the host name'\n");
        } else {
            // the host's /proc here (before the pivot), which writes the container's own uts namespace
            b.append("echo ").append(q(hostname)).append(" > /proc/sys/kernel/hostname || fail 'unable to set the host name'\n");
        }
        b.append("echo waiting >&8\n");
        b.append("read -r go || fail 'no go from the driver'\n");
        b.append("[ \"$go\" = go ] || fail 'start aborted by the driver'\n");
        b.append("exec 0</dev/null 9<&-\n");
        b.append(q(t.mkdir)).append(" -p \"$R").append(OLD_ROOT).append("\" || fail 'unable to create the old root mount point'\n");
        b.append("cd \"$R\" && ").append(q(t.pivotRoot)).append(" . .").append(OLD_ROOT).append(" || fail 'failed to pivot root'\n");
        b.append("cd / || fail 'cannot enter the new root'\n");
        b.append(cmd(t.oldRootCommand(OLD_ROOT, t.umount))).append(" -l ").append(OLD_ROOT).append(" || fail 'failed to unmount the old root'\n");
        String init = def.os().init();
        b.append("[ -f ").append(q(init)).append(" ] && [ -x ").append(q(init)).append(" ] || fail ")
            .append(q("cannot find init path '" + init + "' relative to container root")).append('\n');
        String dir = def.os().initDir() == null ? "/" : def.os().initDir();
        b.append("cd ").append(q(dir)).append(" || fail ").append(q("cannot change to init directory '" + dir + "'")).append('\n');
        b.append("echo exec >&8\n");
        b.append("exec 8>&-\n");
        // from here on init's stdio is the console or the relay; the launcher's own messages went to the log
        b.append(plan.console() != null && plan.console().pty() ? "exec 0<&7 1>&7 2>&7 7>&-\n" : "exec 1>&7 2>&7 7>&-\n");
        // init's environment is exactly libvirt's and the domain's initenv: the shell's own goes
        b.append("unset PWD OLDPWD\n");
        for (Map.Entry<String, String> e : environment(def).entrySet()) {
            b.append("export ").append(e.getKey()).append('=').append(q(e.getValue())).append('\n');
        }
        b.append("exec ").append(q(init));
        for (String a : def.os().initArgs()) {
            b.append(' ').append(q(a));
        }
        b.append('\n');
        return b.toString();
    }

    private static void outer(StringBuilder b, Plan plan, IdMap idmap, HostTools t) {
        b.append("if [ \"$1\" = outer ]; then\n");
        b.append("  exec 8>>").append(q(plan.handshake())).append('\n');
        // the inner stage reads the script through fd 9: with a user namespace it runs as a mapped
        // root that may not traverse the driver's state directory
        b.append("  exec 9<\"$0\"\n");
        Console console = plan.console();
        if (console != null && console.pty()) {
            b.append("  exec 7<>").append(q(console.path())).append(" || fail ")
                .append(q("cannot open the console " + console.path())).append('\n');
        }
        for (Path procs : plan.cgroupProcs()) {
            b.append("  echo 0 > ").append(q(procs)).append(" || fail ").append(q("unable to join cgroup " + procs.getParent())).append('\n');
        }
        if (console == null || console.file()) {
            // the output relay: in the cgroup (it ends with the container), outside its namespaces
            // (the container cannot stop it), fed through a pipe that is unlinked once open
            String sink = console == null
                ? "JVIRT_LOG=" + q(plan.log()) + " exec " + q(t.split) + " -a 12 -b " + plan.logMaxBytes() + " --filter="
                    + q(LOG_FILTER) + " - x <\"$F\" >/dev/null"
                : "exec " + q(t.split) + " -a 12 -b " + plan.logMaxBytes() + " --filter=" + q(FD_FILTER) + " - x <\"$F\"";
            b.append("  F=").append(q(plan.fifo())).append('\n');
            b.append("  ").append(q(t.rm)).append(" -f \"$F\" && ").append(q(t.mkfifo)).append(" -m 0600 \"$F\" || fail 'cannot create the output relay'\n");
            b.append("  ( JVIRT_MAX=").append(plan.logMaxBytes()).append(' ').append(sink).append(" & )\n");
            b.append("  exec 7>\"$F\" || fail 'cannot open the output relay'\n");
            b.append("  ").append(q(t.rm)).append(" -f \"$F\"\n");
            if (console != null) {
                b.append("  exec 1>&2\n"); // the console file is the relay's now; the launcher writes to the log
            }
        }
        if (idmap != null) {
            // unshare finds its id mappers on the PATH; the inner stage sets the container's own
            b.append("  export PATH=").append(q(plan.mapHelpers() + ":" + HostTools.LAUNCHER_PATH)).append('\n');
        }
        b.append("  exec ").append(q(t.unshare));
        if (idmap != null) {
            for (String o : idmap.unshareOptions()) {
                b.append(' ').append(q(o));
            }
        }
        b.append(" --fork --pid --mount --uts --ipc --net --propagation private -- ");
        if (!plan.caps().isEmpty()) {
            b.append(q(t.setpriv));
            for (String o : plan.caps()) {
                b.append(' ').append(q(o));
            }
            b.append(" -- ");
        }
        b.append(q(t.sh)).append(" /proc/self/fd/9 inner\n");
        b.append("fi\n");
    }

    /** Each filesystem but the root: bound (or a tmpfs), nodev, read-only when asked. */
    private static void filesystems(StringBuilder b, DomainDef def, HostTools t) {
        for (FilesystemDef fs : def.filesystems()) {
            if ("/".equals(fs.target())) {
                continue;
            }
            String target = "\"$R\"" + q(fs.target());
            b.append(q(t.mkdir)).append(" -p ").append(target).append(" || fail ").append(q("unable to create mount point " + fs.target())).append('\n');
            if ("ram".equals(fs.type())) {
                long kib = fs.sourceUsageKiB() == null ? 0 : fs.sourceUsageKiB();
                // libvirt's lxcContainerMountFSTmpfs: nosuid, nodev
                b.append(q(t.mount)).append(" -t tmpfs -o ").append(q("nosuid,nodev,size=" + kib + "k,mode=0755")).append(" tmpfs ").append(target)
                    .append(" || fail ").append(q("failed to mount a tmpfs on " + fs.target())).append('\n');
                if (fs.readonly()) {
                    b.append(q(t.mount)).append(" -o remount,bind,ro,nosuid,nodev ").append(target)
                        .append(" || fail ").append(q("failed to make " + fs.target() + " read-only")).append('\n');
                }
            } else {
                b.append(q(t.mount)).append(" --rbind ").append(q(fs.source())).append(' ').append(target)
                    .append(" || fail ").append(q("failed to bind mount " + fs.source() + " on " + fs.target())).append('\n');
                remount(b, t, target, fs.readonly(), fs.target());
            }
        }
    }

    /**
     * A bind mount made nodev (a device node on it cannot be opened: the devices rule that holds
     * without a devices cgroup too) and read-only when asked.
     */
    private static void remount(StringBuilder b, HostTools t, String target, boolean readonly, String what) {
        b.append(q(t.mount)).append(" -o ").append(readonly ? "remount,bind,ro,nodev " : "remount,bind,nodev ").append(target)
            .append(" || fail ").append(q("unable to remount " + what + (readonly ? " read-only" : " nodev"))).append('\n');
    }

    /** libvirt's lxcContainerMountBasicFS, /dev (virLXCControllerSetupDev) and lxcContainerSetupDevices. */
    private static void basicFilesystems(StringBuilder b, Plan plan, HostTools t) {
        String m = q(t.mount);
        b.append(q(t.mkdir)).append(" -p \"$R/proc\" \"$R/sys\" \"$R/dev\" || fail 'unable to create /proc, /sys, /dev'\n");
        b.append(m).append(" -t proc -o nosuid,nodev,noexec proc \"$R/proc\" || fail 'failed to mount /proc'\n");
        // /proc/sys read-only, but the container's own network sysctls (its own network namespace) writable
        b.append(m).append(" --bind \"$R/proc/sys\" \"$R/proc/sys\" || fail 'failed to bind /proc/sys'\n");
        for (String net : List.of("ipv4", "ipv6")) {
            String p = "\"$R/proc/sys/net/" + net + "\"";
            b.append("if [ -d ").append(p).append(" ]; then ").append(m).append(" --bind ").append(p).append(' ').append(p)
                .append(" || fail 'failed to bind /proc/sys/net/").append(net).append("'; fi\n");
        }
        b.append(m).append(" -o remount,bind,ro,nosuid,nodev,noexec \"$R/proc/sys\" || fail 'failed to make /proc/sys read-only'\n");
        b.append("if [ -e \"$R/proc/sysrq-trigger\" ]; then ").append(m).append(" --bind \"$R/proc/sysrq-trigger\" \"$R/proc/sysrq-trigger\" && ")
            .append(m).append(" -o remount,bind,ro,nosuid,nodev,noexec \"$R/proc/sysrq-trigger\" || fail 'failed to make /proc/sysrq-trigger read-only'; fi\n");
        b.append(m).append(" -t sysfs -o ro,nosuid,nodev,noexec sysfs \"$R/sys\" || fail 'failed to mount /sys'\n");
        // tmpfs is limited to 64 KiB: only device nodes live there (libvirt's words)
        b.append(m).append(" -t tmpfs -o mode=0755,size=64k,nosuid devfs \"$R/dev\" || fail 'failed to mount /dev'\n");
        for (String d : DEVICES) {
            b.append(": > \"$R/dev/").append(d).append("\" && ").append(m).append(" --bind /dev/").append(d)
                .append(" \"$R/dev/").append(d).append("\" || fail 'failed to create /dev/").append(d).append("'\n");
        }
        for (String[] l : LINKS) {
            b.append(q(t.ln)).append(" -s ").append(l[0]).append(" \"$R/dev/").append(l[1]).append("\" || fail 'failed to link /dev/")
                .append(l[1]).append("'\n");
        }
        b.append(q(t.mkdir)).append(" -p \"$R/dev/pts\" && ").append(m)
            .append(" -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts \"$R/dev/pts\" || fail 'failed to mount /dev/pts'\n");
        b.append(": > \"$R/dev/ptmx\" && ").append(m).append(" --bind \"$R/dev/pts/ptmx\" \"$R/dev/ptmx\" || fail 'failed to create /dev/ptmx'\n");
        Console console = plan.console();
        if (console != null && console.pty()) {
            b.append(": > \"$R/dev/console\" && ").append(m).append(" --bind ").append(q(console.path()))
                .append(" \"$R/dev/console\" || fail 'failed to create /dev/console'\n");
        }
    }

    /**
     * The environment of the container's init: libvirt's lxcContainerBuildInitCmd (PATH, TERM,
     * container, HOME, container_uuid, LIBVIRT_LXC_UUID, LIBVIRT_LXC_NAME, LIBVIRT_LXC_CMDLINE), then
     * the domain's initenv, which may override them. Names are checked (LxcDomainRules.checkInitEnv)
     * before a start, so each is a shell identifier.
     */
    static Map<String, String> environment(DomainDef def) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/bin:/sbin");
        env.put("TERM", "linux");
        env.put("container", "lxc-libvirt");
        env.put("HOME", "/");
        env.put("container_uuid", def.uuid().toString());
        env.put("LIBVIRT_LXC_UUID", def.uuid().toString());
        env.put("LIBVIRT_LXC_NAME", def.name());
        if (def.os().cmdline() != null) {
            env.put("LIBVIRT_LXC_CMDLINE", def.os().cmdline());
        }
        env.putAll(def.os().initEnv());
        return env;
    }

    /** libvirt's lxcContainerSetHostname: the name's letters, digits and '-', without a leading '-'. */
    static String hostname(String name) {
        String h = name.replaceAll("[^a-zA-Z0-9-]", "");
        return h.startsWith("-") ? h.substring(1) : h;
    }

    private static String cmd(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add(q(w));
        }
        return String.join(" ", quoted);
    }

    /** Single-quotes a word for sh. */
    static String q(Object o) {
        return "'" + String.valueOf(o).replace("'", "'\\''") + "'";
    }
}
