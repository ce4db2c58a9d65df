package io.jvirt.driver.lxc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FilesystemDef;

/**
 * Writes the small shell program that turns a fresh set of namespaces into the container, so
 * that no native code is needed (the JDK cannot fork into namespaces). It runs in two stages:
 *
 * <ol>
 * <li>{@code outer}: opens the handshake file (fd 8), moves itself into the container's cgroup
 *     (writing 0 to each {@code cgroup.procs}) and execs {@code unshare --fork --pid --mount --uts
 *     --ipc --net} (with an {@code <idmap>} also a user namespace, mapped by unshare, whose root
 *     runs the rest), so every process of the container is in the cgroup from its first instruction.</li>
 * <li>{@code inner}, as pid 1 of the new pid namespace: makes / private, binds the root filesystem
 *     and the filesystem mounts, mounts /proc, /sys (read-only) and a small /dev, sets the host
 *     name, reports {@code waiting} and reads {@code go} from stdin (the driver sets up the network
 *     in between), pivots into the root, drops the old root, checks the init, reports {@code exec}
 *     and execs the domain's init with its arguments in its directory.</li>
 * </ol>
 * Every failing step reports {@code error: ...} on the handshake and exits; since all mounts are
 * in the container's private mount namespace, nothing of a failed start stays mounted on the host.
 */
final class LauncherScript {

    /**
     * Where pivot_root puts the old root: in the container's own /dev tmpfs, so nothing is written
     * to the root filesystem (which may be read-only). The launcher cannot remove the empty
     * directory itself (no host program runs once the old root is gone); the driver removes it
     * through {@code /proc/PID/root} once init runs.
     */
    static final String OLD_ROOT = "/dev/.jvirt-oldroot";
    /** Host devices bound into the container's /dev, as libvirt creates them. */
    private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    private LauncherScript() {
    }

    /**
     * Where init's stdio goes instead of the domain log: a pty slave ({@code pty}: stdin, stdout,
     * stderr and /dev/console) or a file ({@code file}: stdout and stderr, truncated unless appended).
     * Opened by the outer stage, as the host's root, on fd 7 (a mapped root may not open either).
     */
    record Console(String type, String path, boolean append) {
        boolean pty() {
            return "pty".equals(type);
        }
    }

    /** The init's command line while it is still the launcher (before it execs the domain's init). */
    static String launcherCmdline(DomainDef def, Path script, HostTools t) {
        return t.sh + "\0/proc/self/fd/9\0inner\0";
    }

    /**
     * @param rootfs    the host directory of the root filesystem, or null to share the host's
     * @param handshake the file the launcher reports its progress to
     * @param console   where init's stdio goes, or null for the domain log
     */
    static String build(DomainDef def, Path rootfs, Path handshake, List<Path> cgroupProcs, Path mapHelpers, HostTools t,
                        Console console) {
        StringBuilder b = new StringBuilder();
        b.append("# jvirt LXC launcher for domain ").append(def.name().replaceAll("[\\r\\n]", " ")).append('\n');
        b.append("fail() { echo \"error: $*\" >&8; echo \"jvirt: error: $*\" >&2; exit 1; }\n");
        b.append("if [ \"$1\" = outer ]; then\n");
        b.append("  exec 8>>").append(q(handshake)).append('\n');
        // the inner stage reads the script through fd 9: with a user namespace it runs as a mapped
        // root that may not traverse the driver's state directory
        b.append("  exec 9<\"$0\"\n");
        if (console != null) {
            String open = console.pty() ? "<>" : console.append() ? ">>" : ">";
            b.append("  exec 7").append(open).append(q(console.path())).append(" || fail ")
                .append(q("cannot open the console " + console.path())).append('\n');
        }
        for (Path procs : cgroupProcs) {
            b.append("  echo 0 > ").append(q(procs)).append(" || fail ").append(q("unable to join cgroup " + procs.getParent())).append('\n');
        }
        IdMap idmap = IdMap.of(def);
        if (idmap != null) {
            // unshare finds its id mappers on the PATH; the inner stage restores the container's PATH
            b.append("  export PATH=").append(q(mapHelpers + ":/usr/sbin:/usr/bin:/sbin:/bin")).append('\n');
        }
        b.append("  exec ").append(q(t.unshare));
        if (idmap != null) {
            for (String o : idmap.unshareOptions()) {
                b.append(' ').append(q(o));
            }
        }
        b.append(" --fork --pid --mount --uts --ipc --net --propagation private -- ").append(q(t.sh)).append(" /proc/self/fd/9 inner\n");
        b.append("fi\n");

        String r = rootfs == null ? "" : rootfs.toString();
        b.append("R=").append(q(r)).append('\n');
        b.append(q(t.mount)).append(" --make-rprivate / || fail 'unable to make / private'\n");
        if (rootfs != null) {
            b.append(q(t.mount)).append(" --rbind \"$R\" \"$R\" || fail ").append(q("failed to bind mount " + r)).append('\n');
            FilesystemDef root = LxcDomainRules.rootFilesystem(def);
            if (root != null && root.readonly()) {
                b.append(q(t.mount)).append(" -o remount,bind,ro \"$R\" || fail 'unable to make the root read-only'\n");
            }
        }
        for (FilesystemDef fs : def.filesystems()) {
            if ("/".equals(fs.target())) {
                continue;
            }
            String target = "\"$R\"" + q(fs.target());
            b.append(q(t.mkdir)).append(" -p ").append(target).append(" || fail ").append(q("unable to create mount point " + fs.target())).append('\n');
            if ("ram".equals(fs.type())) {
                long kib = fs.sourceUsageKiB() == null ? 0 : fs.sourceUsageKiB();
                b.append(q(t.mount)).append(" -t tmpfs -o ").append(q("size=" + kib + "k,mode=0755")).append(" tmpfs ").append(target)
                    .append(" || fail ").append(q("failed to mount a tmpfs on " + fs.target())).append('\n');
            } else {
                b.append(q(t.mount)).append(" --rbind ").append(q(fs.source())).append(' ').append(target)
                    .append(" || fail ").append(q("failed to bind mount " + fs.source() + " on " + fs.target())).append('\n');
            }
            if (fs.readonly()) {
                b.append(q(t.mount)).append(" -o remount,bind,ro ").append(target)
                    .append(" || fail ").append(q("failed to make " + fs.target() + " read-only")).append('\n');
            }
        }
        if (rootfs != null) {
            b.append(q(t.mkdir)).append(" -p \"$R/proc\" \"$R/sys\" \"$R/dev\" || fail 'unable to create /proc, /sys, /dev'\n");
            b.append(q(t.mount)).append(" -t proc -o nosuid,nodev,noexec proc \"$R/proc\" || fail 'failed to mount /proc'\n");
            b.append(q(t.mount)).append(" -t sysfs -o ro,nosuid,nodev,noexec sysfs \"$R/sys\" || fail 'failed to mount /sys'\n");
            b.append(q(t.mount)).append(" -t tmpfs -o mode=0755,size=64k,nosuid devfs \"$R/dev\" || fail 'failed to mount /dev'\n");
            for (String d : DEVICES) {
                b.append(": > \"$R/dev/").append(d).append("\" && ").append(q(t.mount)).append(" --bind /dev/").append(d)
                    .append(" \"$R/dev/").append(d).append("\" || fail 'failed to create /dev/").append(d).append("'\n");
            }
            b.append(q(t.mkdir)).append(" -p \"$R/dev/pts\" && ").append(q(t.mount))
                .append(" -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts \"$R/dev/pts\" || fail 'failed to mount /dev/pts'\n");
            b.append(": > \"$R/dev/ptmx\" && ").append(q(t.mount)).append(" --bind \"$R/dev/pts/ptmx\" \"$R/dev/ptmx\" || fail 'failed to create /dev/ptmx'\n");
            if (console != null && console.pty()) {
                b.append(": > \"$R/dev/console\" && ").append(q(t.mount)).append(" --bind ").append(q(console.path()))
                    .append(" \"$R/dev/console\" || fail 'failed to create /dev/console'\n");
            }
        }
        if (t.hostname != null) {
            b.append(q(t.hostname)).append(' ').append(q(def.name())).append(" || fail 'unable to set the host name'\n");
        } else {
            b.append("echo ").append(q(def.name())).append(" > /proc/sys/kernel/hostname || fail 'unable to set the host name'\n");
        }
        b.append("echo waiting >&8\n");
        b.append("read -r go || fail 'no go from the driver'\n");
        b.append("[ \"$go\" = go ] || fail 'start aborted by the driver'\n");
        b.append("exec 0</dev/null 9<&-\n");
        if (rootfs != null) {
            b.append(q(t.mkdir)).append(" -p \"$R").append(OLD_ROOT).append("\" || fail 'unable to create the old root mount point'\n");
            b.append("cd \"$R\" && ").append(q(t.pivotRoot)).append(" . .").append(OLD_ROOT)
                .append(" || fail 'failed to pivot root'\n");
            b.append("cd / || fail 'cannot enter the new root'\n");
            b.append(cmd(t.oldRootCommand(OLD_ROOT, t.umount))).append(" -l ").append(OLD_ROOT).append(" || fail 'failed to unmount the old root'\n");
        }
        String init = def.os().init();
        b.append("[ -f ").append(q(init)).append(" ] && [ -x ").append(q(init)).append(" ] || fail ")
            .append(q("cannot find init path '" + init + "' relative to container root")).append('\n');
        String dir = def.os().initDir() == null ? "/" : def.os().initDir();
        b.append("cd ").append(q(dir)).append(" || fail ").append(q("cannot change to init directory '" + dir + "'")).append('\n');
        b.append("export PATH=").append(q(environment(def, new java.util.LinkedHashMap<>()).get("PATH"))).append('\n');
        b.append("echo exec >&8\n");
        b.append("exec 8>&-\n");
        if (console != null) {
            // from here on init's stdio is the console; the launcher's own messages went to the log
            b.append(console.pty() ? "exec 0<&7 1>&7 2>&7 7>&-\n" : "exec 1>&7 2>&7 7>&-\n");
        }
        b.append("exec ").append(q(init));
        for (String a : def.os().initArgs()) {
            b.append(' ').append(q(a));
        }
        b.append('\n');
        return b.toString();
    }

    /** The environment of the container's init (libvirt's, plus the domain's initenv). */
    static Map<String, String> environment(DomainDef def, Map<String, String> into) {
        into.clear();
        into.put("PATH", "/bin:/usr/bin");
        into.put("TERM", "linux");
        into.put("container", "lxc-libvirt");
        into.put("HOME", "/");
        into.put("container_uuid", def.uuid().toString());
        into.put("LIBVIRT_LXC_UUID", def.uuid().toString());
        into.put("LIBVIRT_LXC_NAME", def.name());
        into.putAll(def.os().initEnv());
        return into;
    }

    private static String cmd(List<String> words) {
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.length() == 0 ? "" : " ").append(q(w));
        }
        return b.toString();
    }

    /** Single-quotes a word for sh. */
    static String q(Object o) {
        return "'" + String.valueOf(o).replace("'", "'\\''") + "'";
    }
}
