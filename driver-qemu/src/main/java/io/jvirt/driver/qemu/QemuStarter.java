package io.jvirt.driver.qemu;

import io.jvirt.core.kit.AtomicFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.local.DisplayPorts;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.LocalDomainHost;

/**
 * Starting a domain (libvirt's {@code qemuProcessStart}): command line, detached spawn, monitor,
 * the kit's start commit (id, definitions, status file), then {@code cont}. A failed start leaves no process, no status file and no run-time
 * files behind, and quotes what QEMU wrote to the domain log.
 */
final class QemuStarter {

    private static final Logger LOG = LoggerFactory.getLogger(QemuStarter.class);
    /** sun_path is 108 bytes including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private QemuStarter() {
    }

    /** The run-time files of a domain: monitor socket and pidfile under run/, named by UUID (names may be long). */
    static QemuCommandLine.RunFiles runFiles(QemuHost host, DomainDef def) {
        Path run = host.runDir();
        QemuUserNet.Backend userNet = QemuUserNet.hasUserInterfaces(def)
            ? QemuUserNet.choose(host.settings.userNetwork()) : QemuUserNet.Backend.PASST;
        Path monitor = run.resolve(def.uuid() + ".qmp");
        return new QemuCommandLine.RunFiles(monitor, run.resolve(def.uuid() + ".pid"), userNet,
            QemuUserNet.socketDir(host.name, def, monitor));
    }

    /** Whether the definition asks for KVM, checked against what the binary can really do. */
    static boolean useKvm(DomainDef def, QemuCapabilities.Info info) {
        if (!"kvm".equals(def.type())) {
            return false;
        }
        if (!info.kvm()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "Emulator '" + info.emulator() + "' does not support virt type 'kvm' (KVM is not usable here: "
                    + info.kvmReason() + "); use <domain type='qemu'>");
        }
        return true;
    }

    /**
     * The machine type must be one this binary offers: a stored definition loads whatever its
     * machine type (the binary may have changed since it was written), so the start checks.
     */
    static void checkMachine(DomainDef def, QemuCapabilities.Info info) {
        if (def.machine() != null && info.canonicalMachine(def.machine()) == null) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "Emulator '" + info.emulator() + "' does not support machine type '" + def.machine() + "'");
        }
    }

    /** Starts {@code d}, which holds its job and is inactive. */
    static void start(QemuHost host, DomainObject<QemuRun.Slot> d, boolean paused) {
        Path emulator = host.settings.findEmulator();
        QemuCapabilities.Info info = host.caps.get(emulator);
        DomainDef live = d.def().copy();
        io.jvirt.core.kit.local.TapDevices taps = host.taps();
        // a network interface is a tap on the network's bridge, looked for where the taps are made
        host.networks.bridges().resolve(live, ErrorDomain.QEMU, taps::exists);
        // a volume disk is its volume's file or device (libvirt's virDomainDiskTranslateSourcePool)
        host.volumes.resolve(java.net.URI.create(host.uri), live);
        checkMachine(live, info);
        boolean kvm = useKvm(live, info);
        DisplayPorts.resolveVncAutoport(live, ErrorDomain.QEMU);
        QemuCommandLine.RunFiles files = runFiles(host, live);
        if (files.monitorSocket().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                "monitor socket path " + files.monitorSocket() + " is longer than " + MAX_SOCKET_PATH
                    + " bytes: choose a shorter state directory");
        }
        QemuCommandLine.build(live, emulator.toString(), kvm, files); // refuse what cannot start before touching the host
        QemuHostChecks.check(live);
        taps.create(live);
        try {
            startUserNetworking(host, d, live, files);
            launch(host, d, paused, live, emulator, kvm, files);
        } catch (RuntimeException e) {
            QemuUserNet.stop(live, files.userNetDir());
            taps.delete(live);
            throw e;
        }
    }

    /** The passt of each user interface, or the warning that says what QEMU's slirp gives instead. */
    private static void startUserNetworking(QemuHost host, DomainObject<QemuRun.Slot> d, DomainDef live, QemuCommandLine.RunFiles files) {
        if (!QemuUserNet.hasUserInterfaces(live)) {
            return;
        }
        switch (files.userNet()) {
            case PASST -> QemuUserNet.start(live, files.userNetDir(), host.settings.netnsPrefix(),
                host.logDir.resolve(d.name() + ".log"), host.settings.monitorTimeoutMs());
            case SLIRP_RESTRICTED -> LOG.warn("domain '{}': passt is not installed, so its user interfaces get QEMU's slirp with "
                + "restrict=on (no outbound connections): unrestricted slirp would open the host's loopback to the guest", d.name());
            case SLIRP -> LOG.warn("domain '{}': user networking through QEMU's slirp (user.network=slirp): the guest can reach "
                + "every service on the host's loopback", d.name());
        }
    }

    /** The start once the host side (taps) is ready: command line, spawn, monitor, status, cont. */
    private static void launch(QemuHost host, DomainObject<QemuRun.Slot> d, boolean paused,
                               DomainDef live, Path emulator, boolean kvm, QemuCommandLine.RunFiles files) {
        List<String> argv = QemuCommandLine.build(live, emulator.toString(), kvm, files);
        Path log = host.logDir.resolve(d.name() + ".log");
        AtomicFiles.deleteQuietly(files.monitorSocket());
        AtomicFiles.deleteQuietly(files.pidFile());
        long logOffset = QemuProcess.logSize(log);
        // the command line carries the kernel arguments, which may hold secrets: DEBUG only (and the root-only domain log)
        LOG.info("starting domain '{}'", d.name());
        LOG.debug("domain '{}': {}", d.name(), String.join(" ", argv));
        long t0 = System.nanoTime();
        Process proc = QemuProcess.spawn(host.settings.netnsPrefix(), argv, log);
        long tSpawned = System.nanoTime();
        // setsid execs in place (a child of the JVM never leads a process group): the pid is QEMU's
        QemuRun run = new QemuRun(proc.pid(), HostProcFs.startTime(proc.pid()).orElse(-1), files.monitorSocket(), files.pidFile(), log);
        LocalDomainHost.StartUndo undo = host.beforeStart(d);
        try {
            try {
                run.monitor = QmpMonitor.connect(files.monitorSocket(), d.name(), host.listener(d, run),
                    host.settings.monitorTimeoutMs(), proc::isAlive);
            } catch (VirtException e) {
                throw startFailure(proc, log, logOffset, "process exited while connecting to monitor", e);
            }
            long tMonitor = System.nanoTime();
            long written = QemuProcess.readPidFile(files.pidFile());
            if (written > 0 && written != run.pid()) {
                LOG.warn("domain '{}': QEMU's pidfile says {}, spawned {}", d.name(), written, run.pid());
            }
            Map<String, Object> st;
            try {
                st = QmpJson.object(run.monitor.execute("query-status", null, host.settings.commandTimeoutMs()));
            } catch (VirtException e) {
                throw startFailure(proc, log, logOffset, "qemu unexpectedly closed the monitor", e);
            }
            LOG.debug("domain '{}' QEMU status after launch: {}", d.name(), st);
            recordPtyPaths(live, run.monitor, host.settings.commandTimeoutMs());
            setGraphicsPasswords(live, run.monitor, host.settings.commandTimeoutMs());
            d.runtime().run = run;
            host.commitStart(d, live, DomainState.PAUSED, StateReason.PAUSED_STARTING_UP);
            long tSaved = System.nanoTime();
            if (!paused) {
                run.monitor.execute("cont", null, host.settings.commandTimeoutMs());
                long tCont = System.nanoTime();
                host.recordState(d, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("domain '{}' running after {} us: spawn {}, monitor {}, status {}, cont {}, status {}", d.name(),
                        micros(t0, System.nanoTime()), micros(t0, tSpawned), micros(tSpawned, tMonitor),
                        micros(tMonitor, tSaved), micros(tSaved, tCont), micros(tCont, System.nanoTime()));
                }
            } else {
                host.recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
            }
            host.publishStarted(d, paused);
        } catch (RuntimeException e) {
            cleanupFailedStart(host, d, run, proc, files, undo);
            throw e;
        }
    }

    private static long micros(long from, long to) {
        return (to - from) / 1000;
    }

    /** Undoes a start that failed half-way: no process, status file, id or live definition stays. */
    private static void cleanupFailedStart(QemuHost host, DomainObject<QemuRun.Slot> d, QemuRun run, Process proc,
                                           QemuCommandLine.RunFiles files, LocalDomainHost.StartUndo undo) {
        run.setStopping(true);
        if (run.monitor != null) {
            run.monitor.close();
        }
        run.terminate(host.settings.destroyTimeoutMs());
        killQuietly(proc);
        host.undoStart(d, undo, new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED));
        AtomicFiles.deleteQuietly(files.monitorSocket());
        AtomicFiles.deleteQuietly(files.pidFile());
    }

    private static void killQuietly(Process proc) {
        if (proc.isAlive()) {
            proc.destroy();
            try {
                if (!proc.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    proc.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                proc.destroyForcibly();
            }
        }
    }

    /** libvirt's start failure: "internal error: process exited while connecting to monitor: <log>". */
    private static VirtException startFailure(Process proc, Path log, long logOffset, String what, VirtException cause) {
        killQuietly(proc); // it exited, or it is of no use without its monitor
        String tail = QemuProcess.logTail(log, logOffset);
        String msg = what + ": " + (tail.isEmpty() ? cause.getMessage() : tail);
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, msg, cause);
    }

    /**
     * The host-side path of every pty character device, as QEMU allocated it ({@code query-chardev}
     * says "pty:/dev/pts/N"), written into the live definition the way libvirt shows it:
     * {@code <serial type='pty'><source path='/dev/pts/N'/>} with {@code tty='/dev/pts/N'}. A console
     * that is the first serial port under another name shows the same pty.
     */
    private static void recordPtyPaths(DomainDef live, QmpMonitor monitor, long timeoutMs) {
        Map<CharDeviceDef, String> ids = QemuDevices.charIds(live);
        if (ids.keySet().stream().noneMatch(c -> c.type() == null || "pty".equals(c.type()))) {
            return;
        }
        Map<String, String> ptys = new java.util.HashMap<>();
        if (monitor.execute("query-chardev", null, timeoutMs) instanceof List<?> chardevs) {
            for (Object o : chardevs) {
                Map<String, Object> c = QmpJson.object(o);
                if (c.get("filename") instanceof String f && f.startsWith("pty:")) {
                    ptys.put(String.valueOf(c.get("label")), f.substring(4));
                }
            }
        }
        ids.forEach((c, id) -> {
            if (c.type() != null && !"pty".equals(c.type())) {
                return;
            }
            // a pty's path is what QEMU reports, never what a definition wrote: libvirt reads tty and
            // <source path> of a pty from live XML only, and a console opens the path kept here
            c.tty(null);
            c.sources().clear();
            String path = ptys.get("char" + id);
            if (path != null) {
                c.tty(path);
                c.sources().add(new CharSource().path(path));
            }
        });
    }

    /**
     * libvirt's {@code qemuDomainChangeGraphicsPasswords}: the VNC password of {@code <graphics
     * passwd=...>} through QMP while the guest is still paused (QEMU started with
     * {@code password=on} refuses every client until a password is set), and its expiry.
     */
    static void setGraphicsPasswords(DomainDef live, QmpMonitor monitor, long timeoutMs) {
        for (GraphicsDef g : live.graphics()) {
            if (!"vnc".equals(g.type()) || g.passwd() == null) {
                continue;
            }
            monitor.execute("set_password", Map.of("protocol", "vnc", "password", g.passwd()), timeoutMs);
            monitor.execute("expire_password", Map.of("protocol", "vnc", "time", expiry(g.passwdValidTo())), timeoutMs);
        }
    }

    /** QMP's expire_password time: "never", or seconds since the epoch for libvirt's passwdValidTo (UTC). */
    static String expiry(String validTo) {
        if (validTo == null) {
            return "never";
        }
        try {
            return Long.toString(java.time.LocalDateTime.parse(validTo).toEpochSecond(java.time.ZoneOffset.UTC));
        } catch (java.time.format.DateTimeParseException e) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "cannot parse password validity time '" + validTo + "'");
        }
    }
}
