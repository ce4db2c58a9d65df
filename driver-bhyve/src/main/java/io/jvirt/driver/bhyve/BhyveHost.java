package io.jvirt.driver.bhyve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.DisplayPorts;
import io.jvirt.core.kit.local.DomainLog;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.kit.local.LocalDomainHost;
import io.jvirt.core.kit.local.SessionProcess;
import io.jvirt.core.kit.local.TapDevices;

/**
 * The bhyve driver's host: the kit's local host with bhyve as the hypervisor, libvirt's
 * bhyve_process.c and bhyve_monitor.c. A start runs the loader (bhyveload, grub-bhyve with its
 * device map, or the domain's bootloader; nothing for a UEFI domain) synchronously, then bhyve,
 * whose pid is the domain's id; the end of that process is read as libvirt's monitor reads it
 * ({@link #exited}). Stopping always runs {@code bhyvectl --destroy --vm=NAME}: the VM's vmm
 * instance outlives its bhyve.
 */
final class BhyveHost extends LocalDomainHost<BhyveSlot> {

    private static final Logger LOG = LoggerFactory.getLogger(BhyveHost.class);
    static final String URI = "bhyve:///system";

    /**
     * The bhyve processes this JVM started, by pid: a host made again in the same JVM (the bundle
     * stopped and started) takes back the {@link Process} and with it the exit status, which the
     * kernel gives only to the parent.
     */
    private static final ConcurrentMap<Long, Process> CHILDREN = new ConcurrentHashMap<>();

    final BhyveSettings settings;
    final Set<BhyveCapability> caps;
    /** The taps of bridge interfaces (libvirt's bhyve makes them while it builds the command line). */
    final TapDevices taps;
    /** Where process ends are handled: off the JDK's reaper thread, one at a time. */
    private final ExecutorService exits = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jvirt-bhyve-exit");
        t.setDaemon(true);
        return t;
    });

    BhyveHost(BhyveSettings settings, Set<BhyveCapability> caps, DomainEventObservers observers) {
        super(URI, ErrorDomain.BHYVE, new DomainRegistry<>(), new DomainEventBus(URI, observers), new StateStore(settings.stateDir()),
            BhyveSlot::new);
        this.settings = settings;
        this.caps = Set.copyOf(caps);
        this.taps = new TapDevices(settings.netnsPrefix(), ErrorDomain.BHYVE);
    }

    /** A definition a caller gives: libvirt's post-parse and address assignment, its refusals before anything runs. */
    @Override
    protected DomainDef parse(String xml, boolean validate) {
        DomainDef def = DomainXml.parse(xml, validate, BhyveDomainRules.defaults(caps));
        StateStore.checkName(def.name());
        BhyveDomainRules.prepare(def, caps);
        return def;
    }

    /** A stored definition loads as written: the rules run again at its start. */
    @Override
    protected DomainDef parseStored(String xml) {
        return DomainXml.parse(xml, false);
    }

    /** A running domain's status: its live definition keeps what the driver gave it (a bridge interface's tap name). */
    @Override
    protected DomainDef parseStatus(String xml) {
        return DomainXml.parseLive(xml, null);
    }

    Path deviceMapFile(String name) {
        StateStore.checkName(name);
        return settings.stateDir().resolve("grub_bhyve-" + name + "-device.map");
    }

    /**
     * virBhyveProcessStartImpl: the log opened, the commands built (a refusal here runs nothing),
     * the loader run to its end, bhyve started and tracked, the status saved. On any failure what
     * was made goes ({@code bhyvectl --destroy}, the process) and the error quotes the log.
     */
    @Override
    protected void start(DomainObject<BhyveSlot> d, boolean paused) {
        if (paused) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.BHYVE, "bhyve cannot start a domain paused");
        }
        DomainDef live = d.def().copy();
        StartUndo undo = beforeStart(d);
        BhyveRun run;
        try {
            run = launch(d, live);
        } catch (RuntimeException e) {
            undoStart(d, undo, new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED));
            throw e;
        }
        try {
            commitStart(d, live, (int) run.pid(), DomainState.RUNNING, StateReason.RUNNING_BOOTED);
        } catch (RuntimeException e) {
            run.setStopping(true);
            teardown(d.name(), run, live);
            undoStart(d, undo, new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED));
            throw e;
        }
        watch(d, run);
        publishStarted(d, false);
    }

    /**
     * The taps, the loader and bhyve of {@code live} (which gets the taps' names); the run is set in
     * the slot. Undoes itself on failure.
     */
    private BhyveRun launch(DomainObject<BhyveSlot> d, DomainDef live) {
        BhyveDomainRules.prepare(live, caps);
        // what libvirt fills in at start: the firmware of <os firmware='efi'>, VNC's port
        BhyveFirmware.fill(live, settings.firmwareDir());
        DisplayPorts.resolveVncAutoport(live, ErrorDomain.BHYVE);
        Path devmap = deviceMapFile(d.name());
        DomainLog log = DomainLog.open(settings.logDir().resolve(d.name() + ".log"), ErrorDomain.BHYVE);
        AtomicFiles.deleteQuietly(pidFile(d.name())); // a stale one, as libvirt removes it first
        log.line(java.time.Instant.now() + ": starting up");
        taps.create(live);
        Process process = null;
        boolean mapWritten = false;
        try {
            BhyveCommands cmds = BhyveCommandBuilder.build(live, caps, devmap.toString());
            if (!cmds.loader().isEmpty()) {
                if (cmds.deviceMap() != null) {
                    AtomicFiles.write(devmap, cmds.deviceMap().getBytes(StandardCharsets.UTF_8), false);
                    mapWritten = true;
                }
                runLoader(program(cmds.loader()), log);
            }
            List<String> argv = program(cmds.bhyve());
            long from = log.size();
            process = SessionProcess.spawn(argv, log, ErrorDomain.BHYVE);
            long pid = process.pid();
            long startTime = HostProcFs.startTime(pid).orElse(-1);
            if (startTime < 0) {
                // gone before it could be read: bhyve refused at once (libvirt: "didn't show up")
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "Domain " + d.name() + " didn't show up"
                    + quote(log.tailSince(from)));
            }
            // libvirt's pidfile, for the host's tools; jvirt itself goes by the status file (pid, start time, argv)
            AtomicFiles.write(pidFile(d.name()), (pid + "\n").getBytes(StandardCharsets.US_ASCII), false);
            BhyveRun run = new BhyveRun(pid, startTime, argv, process);
            CHILDREN.put(pid, process);
            d.runtime().setRun(run);
            return run;
        } catch (RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            destroyVm(d.name());
            AtomicFiles.deleteQuietly(pidFile(d.name()));
            taps.delete(live);
            throw e; // as raised: a refusal keeps libvirt's code, domain and words
        } finally {
            if (mapWritten) {
                AtomicFiles.deleteQuietly(devmap);
            }
        }
    }

    /** libvirt's BHYVE_STATE_DIR/NAME.pid. */
    private Path pidFile(String name) {
        return settings.stateDir().resolve(name + ".pid");
    }

    private static String quote(String tail) {
        return tail.isEmpty() ? "" : ": " + tail;
    }

    /** Element 0 of a command as libvirt names it, mapped to the configured program; a {@code <bootloader>} path stays. */
    private List<String> program(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        // a <bootloader> naming grub-bhyve (libvirt: the last path component) is this host's configured one
        String name = Path.of(argv.get(0)).getFileName().toString();
        Path p = switch (argv.get(0).contains("/") && !name.equals("grub-bhyve") ? "" : name) {
            case "bhyve" -> settings.bhyve();
            case "bhyveload" -> settings.bhyveload();
            case "grub-bhyve" -> settings.grubBhyve();
            default -> Path.of(argv.get(0));
        };
        out.set(0, p.toString());
        return out;
    }

    /** The loader, synchronously, its output into the log; libvirt's virCommandRun words when it fails. */
    private void runLoader(List<String> argv, DomainLog log) {
        log.command(argv);
        HostCommand.Result r;
        try {
            r = HostCommand.run(argv, settings.loaderTimeoutMs(), ErrorDomain.BHYVE);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.BHYVE, "Cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
        log.append(r.output());
        if (r.status() != 0) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "Child process (" + String.join(" ", argv)
                + ") unexpected exit status " + r.status() + quote(r.text()));
        }
    }

    /** {@code bhyvectl --destroy --vm=NAME}: the VM's vmm instance goes (its bhyve then exits). False when it failed. */
    boolean destroyVm(String name) {
        List<String> argv = List.of(settings.bhyvectl().toString(), "--destroy", "--vm=" + name);
        try {
            HostCommand.Result r = HostCommand.run(argv, settings.commandTimeoutMs(), ErrorDomain.BHYVE);
            if (r.status() != 0) {
                LOG.warn("{} failed ({}): {}", String.join(" ", argv), r.status(), r.text());
                return false;
            }
            return true;
        } catch (IOException | VirtException e) {
            LOG.warn("cannot run {}: {}", String.join(" ", argv), e.getMessage());
            return false;
        }
    }

    /**
     * The VM's vmm instance and its bhyve are ended (bhyvectl, then the process, killed if it stays),
     * and the taps of {@code live} go (bhyveNetCleanup).
     */
    private void teardown(String name, BhyveRun run, DomainDef live) {
        destroyVm(name);
        AtomicFiles.deleteQuietly(pidFile(name));
        if (run != null && !HostProcFs.waitForExit(run.pid(), run.pidStartTime(), settings.stopTimeoutMs())) {
            LOG.warn("bhyve of {} did not exit after bhyvectl --destroy: killing pid {}", name, run.pid());
            run.terminate(0);
        }
        taps.delete(live);
    }

    /**
     * virBhyveProcessStop: the driver ends the run ({@code bhyvectl --destroy}, the process waited
     * for), then the kit's stop commit with {@code reason} and its event.
     */
    void stop(DomainObject<BhyveSlot> d, int reason) {
        stop(d, reason, stoppedDetail(reason));
    }

    private void stop(DomainObject<BhyveSlot> d, int reason, int eventDetail) {
        BhyveRun run = d.runtime().run();
        if (run != null) {
            run.setStopping(true);
        }
        teardown(d.name(), run, d.def());
        commitStop(d, reason, eventDetail);
    }

    /** Hands the end of the run's process to {@link #exited}. */
    private void watch(DomainObject<BhyveSlot> d, BhyveRun run) {
        CompletionStage<Integer> end;
        if (run.process() != null) {
            end = run.process().onExit().thenApply(Process::exitValue);
        } else {
            Optional<ProcessHandle> h = ProcessHandle.of(run.pid());
            end = h.isPresent() ? h.get().onExit().thenApply(x -> (Integer) null) : CompletableFuture.completedFuture(null);
        }
        end.whenCompleteAsync((status, err) -> exited(d, run, new SessionProcess.Ending(err == null ? status : null)), exits);
    }

    /**
     * bhyveMonitorIO: how bhyve ended says what happened to the guest. Killed by a core-dumping
     * signal: shut off (crashed). Exit 0, or any exit after a requested reboot: the guest rebooted,
     * bhyve runs again. Exit 1 (power off) or 2 (halt): shut off (shutdown). Any other exit (3,
     * triple fault; 4, an error): shut off (unknown). libvirt does nothing on other signals; here a
     * bhyve killed by one (SIGKILL from outside) or one whose status cannot be read (a bhyve taken
     * back from another JVM's status file) is shut off (unknown) too, so no domain stays "running"
     * without a process. libvirt's monitor publishes no event; here each stop publishes STOPPED
     * (crashed, shutdown, failed) and a restart STARTED (booted) with the new id.
     */
    private void exited(DomainObject<BhyveSlot> d, BhyveRun run, SessionProcess.Ending how) {
        if (run.process() != null) {
            CHILDREN.remove(run.pid(), run.process());
        }
        if (isClosed() || run.isStopping()) {
            return; // the next activation finds the status file; or the driver itself ends the run
        }
        try {
            domains().run(d, "bhyve-monitor", x -> {
                if (x.runtime().run() != run || run.isStopping() || !x.isActive() || x.isRemoved()) {
                    return; // the driver itself ended it, or an older run
                }
                if (how.coreDumpingSignal()) {
                    LOG.error("Guest {} got signal {} and crashed", x.name(), how.signal());
                    stop(x, StateReason.SHUTOFF_CRASHED);
                } else if (how.exitStatus() == 0 || run.isRebootRequested() && how.signal() == 0) {
                    LOG.info("Guest {} rebooted; restarting domain.", x.name());
                    restart(x, run);
                } else if (how.exitStatus() == 1 || how.exitStatus() == 2) {
                    LOG.info("Guest {} shut itself down; destroying domain.", x.name());
                    stop(x, StateReason.SHUTOFF_SHUTDOWN);
                } else {
                    LOG.info("Guest {} had an error and exited with status {}; destroying domain.", x.name(), how.status());
                    stop(x, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("cannot handle the end of bhyve for {}: {}", d.name(), e.getMessage(), e);
        }
    }

    /** virBhyveProcessRestart: the old VM destroyed, the same live definition loaded and run again. */
    private void restart(DomainObject<BhyveSlot> d, BhyveRun old) {
        old.setStopping(true);
        teardown(d.name(), old, d.def());
        DomainDef live = d.def().copy();
        BhyveRun run;
        try {
            run = launch(d, live);
        } catch (RuntimeException e) {
            LOG.error("cannot restart domain {}: {}", d.name(), e.getMessage());
            commitStop(d, StateReason.SHUTOFF_FAILED, DomainEvent.STOPPED_FAILED);
            return;
        }
        d.setDef(live); // the new taps' names
        domains().assignId(d, (int) run.pid());
        recordState(d, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
        watch(d, run);
        emit(d, io.jvirt.api.DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
    }

    /** Shutdown: SIGTERM, bhyve's ACPI power button; the guest's power off is seen by {@link #exited}. */
    void powerButton(DomainObject<BhyveSlot> d, boolean reboot) {
        BhyveRun run = d.runtime().run();
        if (run == null || !run.isAlive()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "Invalid PID " + (run == null ? 0 : run.pid()) + " for VM");
        }
        if (reboot) {
            run.setRebootRequested(true);
        }
        ProcessHandle.of(run.pid()).ifPresent(h -> {
            if (HostProcFs.sameProcess(run.pid(), run.pidStartTime())) {
                h.destroy();
            }
        });
    }

    /**
     * virBhyveProcessReconnect: a domain whose status file names a process that still is this VM's
     * bhyve (the same pid, start time and argv; libvirt compares the process title "bhyve: NAME") runs
     * again; otherwise its vmm instance is destroyed and it is shut off (unknown): a persistent one
     * stays listed, a transient one is gone.
     */
    @Override
    protected void reconnect(DomainObject<BhyveSlot> d, DomainStatus status) {
        List<String> argv = BhyveRun.decode(status.data(BhyveRun.ARGV_KEY, false));
        if (!SessionProcess.isRunning(status.pid(), status.pidStartTime(), argv)) {
            LOG.warn("bhyve of {} (pid {}) is gone: shut off", d.name(), status.pid());
            destroyVm(d.name());
            AtomicFiles.deleteQuietly(pidFile(d.name()));
            taps.delete(d.def());
            commitStop(d, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
            return;
        }
        Process child = CHILDREN.get(status.pid());
        BhyveRun run = new BhyveRun(status.pid(), status.pidStartTime(), argv, child);
        d.runtime().setRun(run);
        saveStatus(d);
        watch(d, run);
        LOG.info("reconnected to bhyve of {} (pid {})", d.name(), status.pid());
    }

    void activate() {
        load();
        if (settings.autostart()) {
            exits.execute(() -> {
                try {
                    autostart();
                } catch (RuntimeException e) {
                    LOG.error("bhyve autostart failed: {}", e.getMessage());
                }
            });
        }
    }

    /** Stops handling process ends; the VMs run on and are taken back by the next activation. */
    @Override
    public void close() {
        super.close();
        exits.shutdownNow();
        try {
            // a restart or autostart under way ends at its next step; wait for it, so that nothing
            // of this host writes state after close
            if (!exits.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("the bhyve exit handling did not end within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
