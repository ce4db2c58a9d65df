package io.jvirt.driver.qemu;

import io.jvirt.core.kit.AtomicFiles;

import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.HostPrograms;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.InterfaceDef;

/**
 * User networking ({@code <interface type='user'>}) without the host's loopback.
 *
 * <p>QEMU's built-in slirp forwards a guest's connections to its host alias (10.0.2.2, and any
 * other address of the virtual network) to the host's 127.0.0.1: every local-only service (the
 * jvirt console on 8101 among them) is open to every guest. libslirp can refuse that
 * ({@code disable_host_loopback}), but QEMU 7.2 has no option for it; {@code restrict=on}
 * refuses every outbound connection, which leaves the guest nothing. So the driver gives user
 * interfaces passt (libvirt's {@code <backend type='passt'/>}, Debian's {@code passt} package),
 * started with {@code --no-map-gw}: passt translates the guest's traffic to the host's sockets
 * like slirp, but does not map the gateway address to the host's loopback, and runs as nobody in
 * its own namespaces. QEMU reaches it over a UNIX socket beside the monitor
 * ({@code -netdev stream}). The guest sees the host's addresses (passt's DHCP offers them), not
 * slirp's 10.0.2.x.
 *
 * <p>Backends ({@code user.network}): {@code auto} (default) passt when installed, else QEMU's
 * slirp with {@code restrict=on} (the guest is isolated; a warning at each start says why);
 * {@code passt} passt or a failed start; {@code slirp} QEMU's slirp unrestricted, for a host whose
 * administrator accepts that guests reach its loopback.
 *
 * <p>One passt per interface, in the foreground in its own session, output to the domain log, in
 * the driver's network namespace when one is configured. It is ended when the domain stops: found
 * by its socket path on its command line, so also after a driver restart.
 *
 * <p>Started by root, passt runs as nobody and can only bind its socket where nobody may write,
 * which the driver's private run directory is not: its sockets go to a directory of their own per
 * domain, {@code /run/jvirt-passt/<host>-<uuid>/net<N>}, mode 0700 and owned by nobody, below
 * {@code /run/jvirt-passt} (root's, 0711: others may pass, not list). Not as root, passt keeps the
 * driver's user and its sockets sit beside the monitor socket.
 */
final class QemuUserNet {

    private static final Logger LOG = LoggerFactory.getLogger(QemuUserNet.class);
    static final String PASST = "passt";

    /** How user interfaces reach the outside. */
    enum Backend {
        /** passt with --no-map-gw. */
        PASST,
        /** QEMU's slirp with restrict=on: no outbound connections at all. */
        SLIRP_RESTRICTED,
        /** QEMU's slirp as libvirt runs it: the guest reaches the host's loopback. */
        SLIRP
    }

    private QemuUserNet() {
    }

    /** The backend for {@code setting} ("auto", "passt", "slirp") on this host. */
    static Backend choose(String setting) {
        String s = setting == null || setting.isBlank() ? "auto" : setting.trim();
        return switch (s) {
            case "slirp" -> Backend.SLIRP;
            case "passt" -> {
                if (findPasst() == null) {
                    throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                        "user networking needs passt, which is not installed (install the passt package, or set user.network in io.jvirt.driver.qemu)");
                }
                yield Backend.PASST;
            }
            case "auto" -> findPasst() != null ? Backend.PASST : Backend.SLIRP_RESTRICTED;
            default -> throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "unknown user.network '" + s + "' (auto, passt or slirp)");
        };
    }

    /** The passt binary, or null. */
    static Path findPasst() {
        return HostPrograms.find(PASST).orElse(null);
    }

    static final Path ROOT_SOCKET_BASE = Path.of("/run/jvirt-passt");

    /** The directory of a domain's passt sockets (see the class comment). */
    static Path socketDir(String host, DomainDef def, Path monitorSocket) {
        if (isRoot()) {
            return ROOT_SOCKET_BASE.resolve(host + "-" + def.uuid());
        }
        return monitorSocket.resolveSibling(def.uuid() + ".passt");
    }

    /** The UNIX socket between QEMU and the passt of the {@code n}th user interface. */
    static Path socket(Path socketDir, int n) {
        return socketDir.resolve("net" + n);
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Makes the socket directory: 0700 and owned by the user passt will run as (nobody under root). */
    private static void makeSocketDir(Path dir) {
        try {
            if (isRoot()) {
                Files.createDirectories(ROOT_SOCKET_BASE);
                if (Files.isSymbolicLink(ROOT_SOCKET_BASE)
                    || ((Integer) Files.getAttribute(ROOT_SOCKET_BASE, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)) != 0) {
                    throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU,
                        "refusing to use " + ROOT_SOCKET_BASE + ": it is not a directory of root's");
                }
                Files.setPosixFilePermissions(ROOT_SOCKET_BASE, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
                removeSocketDir(dir); // a leftover of a crash: nobody's, so made afresh
                Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                Files.setAttribute(dir, "unix:uid", NOBODY);
                Files.setAttribute(dir, "unix:gid", NOBODY);
            } else {
                io.jvirt.core.kit.PrivateDirectory.ensure(dir, ErrorDomain.QEMU);
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU, "cannot create " + dir + ": " + e, e);
        }
    }

    /** passt's own choice when started by root (its "Changing to nobody"): uid and gid 65534. */
    private static final int NOBODY = 65534;

    private static void removeSocketDir(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            AtomicFiles.deleteQuietly(dir);
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                AtomicFiles.deleteQuietly(f);
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
        AtomicFiles.deleteQuietly(dir);
    }

    static boolean hasUserInterfaces(DomainDef def) {
        return def.interfaces().stream().anyMatch(n -> "user".equals(n.type()));
    }

    /**
     * Starts the passt of every user interface and waits for its socket (bounded by
     * {@code timeoutMs}); on failure the ones started are ended again.
     */
    static void start(DomainDef live, Path socketDir, List<String> netnsPrefix, Path log, long timeoutMs) {
        Path passt = findPasst();
        List<Path> started = new ArrayList<>();
        try {
            makeSocketDir(socketDir);
            int n = 0;
            for (InterfaceDef nic : live.interfaces()) {
                if (!"user".equals(nic.type())) {
                    continue;
                }
                Path sock = socket(socketDir, n++);
                AtomicFiles.deleteQuietly(sock);
                List<String> argv = List.of(passt.toString(), "--foreground", "--quiet", "--no-map-gw", "--socket", sock.toString());
                Process p = QemuProcess.spawn(netnsPrefix, argv, log);
                started.add(sock);
                awaitSocket(p, sock, log, timeoutMs);
            }
        } catch (RuntimeException e) {
            started.forEach(QemuUserNet::end);
            removeSocketDir(socketDir);
            throw e;
        }
    }

    private static void awaitSocket(Process p, Path sock, Path log, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!Files.exists(sock)) {
            if (!p.isAlive()) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "passt exited before its socket " + sock + " showed up (exit status " + p.exitValue() + "; see " + log + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.QEMU,
                    "passt did not open its socket " + sock + " within " + timeoutMs + " ms");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.QEMU, "interrupted waiting for passt");
            }
        }
    }

    /** Ends the passt of each user interface of a domain whose sockets are in {@code socketDir}, and removes them. */
    static void stop(DomainDef def, Path socketDir) {
        if (socketDir == null || !hasUserInterfaces(def)) {
            return;
        }
        int n = 0;
        for (InterfaceDef nic : def.interfaces()) {
            if ("user".equals(nic.type())) {
                end(socket(socketDir, n++));
            }
        }
        removeSocketDir(socketDir);
    }

    /** Ends every passt serving {@code sock} (found by its command line: it outlives driver restarts), then removes the socket. */
    private static void end(Path sock) {
        String path = sock.toString();
        for (long pid : HostProcFs.pids()) {
            List<String> cmd = HostProcFs.cmdline(pid);
            int i = cmd.indexOf("--socket");
            if (!cmd.isEmpty() && cmd.get(0).endsWith("/" + PASST) && i >= 0 && i + 1 < cmd.size() && cmd.get(i + 1).equals(path)) {
                long start = HostProcFs.startTime(pid).orElse(-1);
                if (start >= 0 && !HostProcFs.terminate(pid, start, 5_000)) {
                    LOG.warn("passt {} of {} did not end", pid, sock);
                }
            }
        }
        AtomicFiles.deleteQuietly(sock);
    }
}
