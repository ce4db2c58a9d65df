package io.jvirt.driver.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.PrivateDirectory;
import io.jvirt.core.kit.StateStore;

/**
 * One QEMU host URI ({@code qemu:///system} or {@code qemu:///session}): its state files, domains,
 * event bus, capabilities cache and the worker thread that turns QMP events into state changes.
 *
 * <p>Threads: QMP reader threads ({@code jvirt-qmp-<domain>}) only hand events to the worker
 * ({@code jvirt-qemu-<host>}), which handles them one at a time inside the domain's job; a reader
 * thread never waits for a job, because the job's holder may itself be waiting for that reader to
 * deliver a command reply.
 */
final class QemuHost {

    private static final Logger LOG = LoggerFactory.getLogger(QemuHost.class);

    final String name;
    final String uri;
    final QemuSettings settings;
    final StateStore store;
    final DomainRegistry<QemuRun.Slot> domains = new DomainRegistry<>();
    final DomainEventBus events;
    final QemuCapabilities caps;
    private final Path root;
    private Path runDir;
    final Path logDir;
    /** libvirt network names as host bridges (the core's service). */
    final NetworkResolver networks;
    private final ExecutorService worker;
    private volatile boolean closed;

    QemuHost(String name, Path root, QemuSettings settings, NetworkResolver networks, DomainEventObservers observers) {
        this.name = name;
        this.networks = networks;
        this.uri = "qemu:///" + name;
        this.settings = settings;
        this.store = new StateStore(root);
        this.events = new DomainEventBus(uri, observers);
        this.root = root;
        this.logDir = root.resolve("log");
        this.caps = new QemuCapabilities(settings.probeTimeoutMs(), this::runDir, root.resolve("cache"));
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jvirt-qemu-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Longest run directory that still leaves room for "UUID.qmp" in a UNIX socket path (108 bytes). */
    static final int MAX_RUN_DIR = 107 - "/00000000-0000-0000-0000-000000000000.qmp".length();

    /**
     * Where monitor sockets and pidfiles go: {@code <root>/run} when that is short enough for a
     * UNIX socket path, else (a container unpacked deep in a file system) a short directory of
     * this root's own, as libvirt keeps its sockets under /run: {@code /run/jvirt/qemu-<hash>}
     * when /run is there and writable; null when not, and then {@link #runDir()} makes a fresh
     * private directory in the temp directory (a predictable name in a world-writable directory
     * could be taken first by anyone). Reconnects read the socket path from each status file, so a
     * running guest is found wherever its socket is.
     */
    static Path runDirLocation(Path root, Path runBase) {
        Path natural = root.toAbsolutePath().resolve("run");
        if (natural.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_RUN_DIR) {
            return natural;
        }
        String hash = String.format("%08x", natural.toString().hashCode());
        if (Files.isDirectory(runBase) && Files.isWritable(runBase)) {
            return runBase.resolve("jvirt").resolve("qemu-" + hash);
        }
        return null;
    }

    /** A new private (0700, random name) run directory in java.io.tmpdir. */
    static Path freshTempRunDir() {
        try {
            return Files.createTempDirectory("jvirt-qemu-"); // 0700, an unpredictable name
        } catch (IOException e) {
            throw new VirtException(io.jvirt.api.ErrorCode.SYSTEM_ERROR, io.jvirt.api.ErrorDomain.QEMU,
                "cannot create a run directory: " + e.getMessage(), e);
        }
    }

    /**
     * The run directory, made or checked private ({@link PrivateDirectory}: 0700, ours, no symlink,
     * no ancestor others could swap it in) before anything is put there.
     */
    synchronized Path runDir() {
        if (runDir == null) {
            Path location = runDirLocation(root, Path.of("/run"));
            runDir = location != null ? location : freshTempRunDir();
        }
        return PrivateDirectory.ensure(runDir, io.jvirt.api.ErrorDomain.QEMU);
    }

    /** Loads state, finds running guests again, then runs autostart when due (libvirt's driver startup order). */
    void start() {
        QemuReconnect.loadAndReconnect(this);
        if (settings.autostart()) {
            worker.execute(this::autostart);
        }
    }

    /** Closes monitors and the worker; QEMU processes keep running, to be found again by the next instance. */
    void close() {
        closed = true;
        worker.shutdownNow();
        for (DomainObject<QemuRun.Slot> d : domains.all()) {
            QemuRun run = d.runtime().run;
            if (run != null && run.monitor != null) {
                run.monitor.close();
            }
        }
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tap maker of this host's network namespace. */
    QemuTaps taps() {
        return new QemuTaps(settings.netnsPrefix());
    }

    boolean isClosed() {
        return closed;
    }

    /** The parse-time defaults of this host: emulator, arch, canonical machine type. */
    QemuDefaults defaults() {
        return new QemuDefaults(this);
    }

    DomainDef parse(String xml, boolean validate) {
        return DomainXml.parse(xml, validate, defaults());
    }

    /** A definition from the driver's own files: environment-dependent checks are left to the start ({@link QemuDefaults#forStoredState}). */
    DomainDef parseStored(String xml) {
        return DomainXml.parse(xml, false, QemuDefaults.forStoredState(this));
    }

    void emit(DomainObject<QemuRun.Slot> d, DomainEventType type, int detail) {
        events.publish(new DomainEvent(d.name(), d.uuid(), d.id(), type, detail));
    }

    /** Writes the status file of a running domain (caller holds the job). */
    void saveStatus(DomainObject<QemuRun.Slot> d) {
        QemuRun run = d.runtime().run;
        store.saveStatus(d.name(), new DomainStatus(d.id(), d.state(), d.isPersistent(),
            run == null ? -1 : run.pid, run == null ? -1 : run.startTime,
            run == null ? "" : run.monitorPath.toString(), DomainXml.format(d.def(), d.id(), true)));
    }

    /**
     * A QEMU process ended or was ended: libvirt's {@code qemuProcessStop}. Removes the status and
     * run-time files, restores the persistent definition, drops a transient domain, then publishes
     * STOPPED with {@code eventDetail} (carrying the id the domain had), so that a listener that
     * hears it already sees the domain shut off. Caller holds the job.
     */
    void stopped(DomainObject<QemuRun.Slot> d, int reason, int eventDetail) {
        QemuRun run = d.runtime().run;
        DomainEvent stoppedEvent = new DomainEvent(d.name(), d.uuid(), d.id(), DomainEventType.STOPPED, eventDetail);
        if (run != null) {
            run.beingDestroyed = true;
            if (run.monitor != null) {
                run.monitor.close();
            }
            if (QemuProcess.isAlive(run.pid, run.startTime)) {
                // the monitor went away but the process lingers: it must not run on unmanaged
                QemuProcess.kill(run.pid, run.startTime, settings.destroyTimeoutMs());
            }
            deleteQuietly(run.monitorPath);
            deleteQuietly(run.pidFile);
            QemuUserNet.stop(d.def(), QemuUserNet.socketDir(name, d.def(), run.monitorPath));
        }
        taps().delete(d.def());
        d.runtime().run = null;
        d.runtime().updated = false;
        try {
            store.deleteStatus(d.name());
        } catch (VirtException e) {
            LOG.error("cannot remove the status file of domain '{}': {}", d.name(), e.getMessage());
        }
        domains.releaseId(d);
        d.setState(DomainState.SHUTOFF, reason);
        if (d.newDef() != null) {
            d.setDef(d.newDef());
            d.setNewDef(null);
        }
        if (!d.isPersistent()) {
            domains.remove(d);
        }
        events.publish(stoppedEvent);
    }

    // ---------- QMP events ----------

    /** The listener of one run's monitor: marks SHUTDOWN at once, hands everything to the worker. */
    QmpMonitor.Listener listener(DomainObject<QemuRun.Slot> d, QemuRun run) {
        return new QmpMonitor.Listener() {
            @Override
            public void onEvent(String event, Map<String, Object> data) {
                if ("SHUTDOWN".equals(event)) {
                    run.gotShutdown = true; // before the EOF that follows, whatever the worker's backlog
                }
                submit(d, run, () -> handleEvent(d, run, event, data));
            }

            @Override
            public void onEof() {
                submit(d, run, () -> handleEof(d, run));
            }
        };
    }

    private void submit(DomainObject<QemuRun.Slot> d, QemuRun run, Runnable r) {
        if (closed) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    if (d.isRemoved() || d.runtime().run != run) {
                        return; // an event of an earlier run
                    }
                    r.run();
                } catch (VirtException e) {
                    if (closed) {
                        // deactivation interrupts the worker; the next instance reconciles with QEMU
                        LOG.debug("host {} closed while handling an event of '{}': {}", name, d.name(), e.getMessage());
                        return;
                    }
                    LOG.warn("handling a QEMU event of domain '{}' failed: {}", d.name(), e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("handling a QEMU event of domain '{}' failed", d.name(), e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("host {} closed: dropping an event of '{}'", name, d.name());
        }
    }

    private void handleEvent(DomainObject<QemuRun.Slot> d, QemuRun run, String event, Map<String, Object> data) {
        switch (event) {
            case "STOP", "RESUME" -> domains.run(d, "qemuProcessHandleStop/Resume", x -> {
                // a STOP after SHUTDOWN is QEMU halting the powered-off guest (-no-shutdown), not a pause
                if (x.runtime().run == run && !run.beingDestroyed && !run.gotShutdown) {
                    reconcile(x, run);
                }
            });
            case "SHUTDOWN" -> domains.run(d, "qemuProcessHandleShutdown", x -> {
                if (x.runtime().run != run || run.beingDestroyed) {
                    return;
                }
                if (run.fakeReboot || "restart".equals(x.def().onPoweroff())) {
                    fakeReboot(x, run);
                    return;
                }
                if (x.state().state() != DomainState.SHUTDOWN) {
                    Object guest = data.get("guest");
                    x.setState(DomainState.SHUTDOWN, StateReason.UNKNOWN);
                    emit(x, DomainEventType.SHUTDOWN, Boolean.TRUE.equals(guest) ? DomainEvent.SHUTDOWN_GUEST
                        : Boolean.FALSE.equals(guest) ? DomainEvent.SHUTDOWN_HOST : DomainEvent.SHUTDOWN_FINISHED);
                }
                // QEMU runs with -no-shutdown: the guest is off, the process is the driver's to end
                stopped(x, StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN);
            });
            case "RESET" -> LOG.debug("domain '{}' was reset ({})", d.name(), data);
            case "BALLOON_CHANGE" -> domains.run(d, "qemuProcessHandleBalloonChange", x -> {
                if (x.runtime().run != run) {
                    return;
                }
                long kib = QemuMemoryStats.balloonKiB(data.get("actual"), x.def().memoryKiB());
                if (kib < 0) {
                    LOG.warn("domain '{}': ignoring the balloon size the guest reports ({}): not within 1 KiB..{} KiB",
                        x.name(), data.get("actual"), x.def().memoryKiB());
                } else if (kib != x.def().currentMemoryKiB()) {
                    DomainDef live = x.def().copy();
                    live.currentMemoryKiB(kib);
                    x.setDef(live);
                    saveStatus(x);
                }
            });
            case "GUEST_PANICKED" -> domains.run(d, "qemuProcessHandleGuestPanic", x -> {
                if (x.runtime().run != run) {
                    return;
                }
                x.setState(DomainState.CRASHED, StateReason.CRASHED_PANICKED);
                emit(x, DomainEventType.CRASHED, DomainEvent.CRASHED_PANICKED);
                String action = x.def().onCrash() == null ? "destroy" : x.def().onCrash();
                if (action.equals("destroy")) {
                    run.beingDestroyed = true;
                    QemuProcess.kill(run.pid, run.startTime, settings.destroyTimeoutMs());
                    stopped(x, StateReason.SHUTOFF_CRASHED, DomainEvent.STOPPED_CRASHED);
                } else {
                    saveStatus(x);
                }
            });
            default -> LOG.debug("QEMU event {} of domain '{}' {}", event, d.name(), data);
        }
    }

    /** Waits until the worker has handled every event handed to it so far (tests: events are asynchronous). */
    void drainEvents() {
        try {
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the event worker of " + uri + " is stuck", e);
        }
    }

    /** Monitor EOF: the process ended on its own (libvirt's processMonitorEOFEvent). */
    private void handleEof(DomainObject<QemuRun.Slot> d, QemuRun run) {
        domains.run(d, "processMonitorEOFEvent", x -> {
            if (x.runtime().run != run || run.beingDestroyed) {
                return;
            }
            if (run.gotShutdown) {
                stopped(x, StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN);
            } else {
                LOG.warn("monitor connection to '{}' closed without SHUTDOWN event; assuming the domain crashed", x.name());
                stopped(x, StateReason.SHUTOFF_CRASHED, DomainEvent.STOPPED_FAILED);
            }
        });
    }

    /**
     * libvirt's {@code qemuProcessFakeReboot}: the guest powered off because a reboot was asked (or
     * its {@code on_poweroff} is restart); QEMU, kept alive by -no-shutdown, resets it and runs it
     * again in the same process.
     */
    private void fakeReboot(DomainObject<QemuRun.Slot> d, QemuRun run) {
        run.fakeReboot = false;
        run.monitor.execute("system_reset", null, settings.commandTimeoutMs());
        run.gotShutdown = false;
        run.monitor.execute("cont", null, settings.commandTimeoutMs());
        d.setState(DomainState.RUNNING, StateReason.RUNNING_BOOTED);
        emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        saveStatus(d);
    }

    /**
     * Brings the recorded state in line with QEMU's after a STOP or RESUME event. Asked rather than
     * inferred from the event, because the event is handled after the job that caused it: a
     * suspend quickly followed by a resume must not end up paused.
     */
    void reconcile(DomainObject<QemuRun.Slot> d, QemuRun run) {
        Map<String, Object> st = QmpJson.object(run.monitor.execute("query-status", null, settings.commandTimeoutMs()));
        boolean running = Boolean.TRUE.equals(st.get("running"));
        DomainState now = d.state().state();
        if (running && now == DomainState.PAUSED) {
            d.setState(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
            saveStatus(d);
        } else if (!running && now == DomainState.RUNNING && !"shutdown".equals(st.get("status"))) {
            d.setState(DomainState.PAUSED, pausedReason(String.valueOf(st.get("status"))));
            emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
            saveStatus(d);
        }
    }

    /** libvirt's mapping of QMP run states to paused reasons (the ones jvirt names). */
    static int pausedReason(String qmpStatus) {
        return switch (qmpStatus) {
            case "paused", "prelaunch" -> StateReason.PAUSED_USER;
            default -> StateReason.UNKNOWN;
        };
    }

    // ---------- autostart ----------

    private void autostart() {
        try {
            settings.findEmulator();
        } catch (VirtException e) {
            LOG.warn("{}: not running autostart: {}", uri, e.getMessage());
            return;
        }
        if (!store.autostartTracker().claimAutostart()) {
            return;
        }
        for (DomainObject<QemuRun.Slot> d : domains.all()) {
            if (closed) {
                return;
            }
            if (d.autostart() && !d.isActive()) {
                try {
                    domains.run(d, "qemuAutostartDomain", x -> {
                        if (!x.isActive()) {
                            QemuStarter.start(this, x, false);
                        }
                    });
                } catch (VirtException e) {
                    LOG.error("Failed to autostart VM '{}': {}", d.name(), e.getMessage());
                }
            }
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", p, e.toString());
        }
    }
}
