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
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.StorageVolumes;
import io.jvirt.core.kit.PrivateDirectory;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.LocalDomainHost;

/**
 * One QEMU host URI ({@code qemu:///system} or {@code qemu:///session}): the kit's local host
 * ({@link LocalDomainHost}: lifecycle, definitions, start and stop commits, status files) with
 * QEMU's half: its parse rules, capabilities cache, run directory, the start ({@link QemuStarter}),
 * the reconnect ({@link QemuReconnect}) and the worker thread that turns QMP events into state
 * changes.
 *
 * <p>Threads: QMP reader threads ({@code jvirt-qmp-<domain>}) only hand events to the worker
 * ({@code jvirt-qemu-<host>}), which handles them one at a time inside the domain's job; a reader
 * thread never waits for a job, because the job's holder may itself be waiting for that reader to
 * deliver a command reply.
 */
final class QemuHost extends LocalDomainHost<QemuRun.Slot> {

    private static final Logger LOG = LoggerFactory.getLogger(QemuHost.class);

    final String name;
    final String uri;
    final QemuSettings settings;
    final StateStore store;
    final DomainRegistry<QemuRun.Slot> domains;
    final DomainEventBus events;
    final QemuCapabilities caps;
    private final Path root;
    private Path runDir;
    final Path logDir;
    /** libvirt network names as host bridges (the core's service). */
    final NetworkResolver networks;
    /** Storage volumes by pool and name (the core's service over the storage drivers). */
    final StorageVolumes volumes;
    private final ExecutorService worker;

    QemuHost(String name, Path root, QemuSettings settings, NetworkResolver networks, StorageVolumes volumes,
             DomainEventObservers observers) {
        super("qemu:///" + name, ErrorDomain.QEMU, new DomainRegistry<>(), new DomainEventBus("qemu:///" + name, observers),
            new StateStore(root), QemuRun.Slot::new);
        this.name = name;
        this.networks = networks;
        this.volumes = volumes;
        this.uri = uri();
        this.settings = settings;
        this.store = store();
        this.domains = domains();
        this.events = events();
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
        load();
        if (settings.autostart()) {
            worker.execute(this::autostart);
        }
    }

    /** Closes monitors and the worker; QEMU processes keep running, to be found again by the next instance. */
    @Override
    public void close() {
        super.close();
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

    @Override
    protected void start(DomainObject<QemuRun.Slot> d, boolean paused) {
        QemuStarter.start(this, d, paused);
    }

    @Override
    protected void reconnect(DomainObject<QemuRun.Slot> d, DomainStatus status) {
        QemuReconnect.reconnect(this, d, status);
    }

    @Override
    protected String autostartBlocker() {
        try {
            settings.findEmulator();
            return null;
        } catch (VirtException e) {
            return e.getMessage();
        }
    }

    /** The tap maker of this host's network namespace. */
    io.jvirt.core.kit.local.TapDevices taps() {
        return new io.jvirt.core.kit.local.TapDevices(settings.netnsPrefix(), ErrorDomain.QEMU);
    }

    /** The parse-time defaults of this host: emulator, arch, canonical machine type. */
    QemuDefaults defaults() {
        return new QemuDefaults(this);
    }

    @Override
    protected DomainDef parse(String xml, boolean validate) {
        return DomainXml.parse(xml, validate, defaults());
    }

    /** A persistent definition from the driver's config files: environment-dependent checks are left to the start ({@link QemuDefaults#forStoredState}). */
    @Override
    protected DomainDef parseStored(String xml) {
        return DomainXml.parse(xml, false, QemuDefaults.forStoredState(this));
    }

    /** A running guest's status: it keeps the pty paths QEMU reported and the taps' names (libvirt's live parse). */
    @Override
    protected DomainDef parseStatus(String xml) {
        return DomainXml.parseLive(xml, QemuDefaults.forStoredState(this));
    }

    /**
     * A QEMU process ended or was ended: libvirt's {@code qemuProcessStop}. Ends what is left of the
     * process and its run-time files, taps and passt, then the kit's stop commit (status file, id,
     * persistent definition, a transient domain dropped, STOPPED with the id the domain had).
     * Caller holds the job.
     */
    void stopped(DomainObject<QemuRun.Slot> d, int reason, int eventDetail) {
        QemuRun run = d.runtime().run;
        if (run != null) {
            run.setStopping(true);
            if (run.monitor != null) {
                run.monitor.close();
            }
            // the monitor went away but the process may linger: it must not run on unmanaged
            run.terminate(settings.destroyTimeoutMs());
            run.consoles.closeAll(); // their ptys are gone with QEMU: the readers see the end now
            AtomicFiles.deleteQuietly(run.monitorPath);
            AtomicFiles.deleteQuietly(run.pidFile);
            QemuUserNet.stop(d.def(), QemuUserNet.socketDir(name, d.def(), run.monitorPath));
        }
        taps().delete(d.def());
        commitStop(d, reason, eventDetail);
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
        if (isClosed()) {
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
                    if (isClosed()) {
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
                if (x.runtime().run == run && !run.isStopping() && !run.gotShutdown) {
                    reconcile(x, run);
                }
            });
            case "SHUTDOWN" -> domains.run(d, "qemuProcessHandleShutdown", x -> {
                if (x.runtime().run != run || run.isStopping()) {
                    return;
                }
                if (run.isRebootRequested() || "restart".equals(x.def().onPoweroff())) {
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
                    run.setStopping(true);
                    run.terminate(settings.destroyTimeoutMs());
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
            if (x.runtime().run != run || run.isStopping()) {
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
        run.setRebootRequested(false);
        run.monitor.execute("system_reset", null, settings.commandTimeoutMs());
        run.gotShutdown = false;
        run.monitor.execute("cont", null, settings.commandTimeoutMs());
        recordState(d, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
        emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
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
            recordState(d, DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        } else if (!running && now == DomainState.RUNNING && !"shutdown".equals(st.get("status"))) {
            recordState(d, DomainState.PAUSED, pausedReason(String.valueOf(st.get("status"))));
            emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        }
    }

    /** libvirt's mapping of QMP run states to paused reasons (the ones jvirt names). */
    static int pausedReason(String qmpStatus) {
        return switch (qmpStatus) {
            case "paused", "prelaunch" -> StateReason.PAUSED_USER;
            default -> StateReason.UNKNOWN;
        };
    }
}
