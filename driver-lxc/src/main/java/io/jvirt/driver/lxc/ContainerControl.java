package io.jvirt.driver.lxc;

import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.CharDeviceDef;
import io.jvirt.api.domain.CharSource;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.FilesystemDef;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.LocalDomainHost;

/**
 * Container lifecycle (libvirt's lxc_process.c): start, the end of a run (however it ends),
 * destroy, shutdown, reboot, suspend and resume; the bookkeeping of a start or a stop (ids,
 * definitions, status file, events) is the kit's commits on {@link LxcHost}. Every method but {@link #watch} is called inside
 * the domain's job.
 */
final class ContainerControl {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);
    /** unshare re-raises its child's fatal signal: SIGHUP (a container reboot) shows as 128 + 1. */
    private static final int EXIT_REBOOT = 129;

    private final LxcHost host;
    private final ContainerLauncher launcher;
    private final NetworkSetup network;
    private final ConsoleRelay consoles;
    private volatile boolean closed;

    ContainerControl(LxcHost host, ContainerLauncher launcher, NetworkSetup network, ConsoleRelay consoles) {
        this.host = host;
        this.launcher = launcher;
        this.network = network;
        this.consoles = consoles;
    }

    /** The exit of a process we did not spawn (reconnected): status unknown (-1). */
    static CompletableFuture<Integer> exitOf(long pid) {
        return ProcessHandle.of(pid).map(h -> h.onExit().thenApply(x -> -1))
            .orElse(CompletableFuture.completedFuture(-1));
    }

    /**
     * Starts the domain's container: cgroup with its limits and device rules, launch, network;
     * then the domain is running and its status file written, and only then is the container
     * released to run its init (a status that cannot be written stops the start: nothing may run
     * that a restarted driver would not know). On any failure everything made so far is undone
     * (processes killed, cgroup removed, state as before) and the domain stays shut off.
     */
    void start(DomainObject<LxcRuntime> d, boolean paused) {
        DomainDef live = d.def().copy();
        StateStore.checkName(live.name());
        ensureRootFilesystem(live);
        LxcDomainRules.checkStartable(live);
        LxcCapabilities caps = LxcCapabilities.of(live);
        caps.checkSupported();
        // before anything exists: a failure leaves nothing; bridges are looked for where the host ends go
        host.networks.bridges().resolve(live, ErrorDomain.LXC, network::exists);
        String cgroupPath = host.cgroups.relativePath(live.uuid());
        Cgroup cg = host.cgroups.at(cgroupPath);
        if (cg.exists() || !cg.pids().isEmpty()) {
            // only ever this domain's own (the cgroup carries its UUID): a run the driver lost track of
            LOG.warn("removing a stale cgroup of container {}: {}", live.name(), cg);
            cg.killAll(host.settings.destroyTimeoutMs());
            cg.remove();
        }
        ContainerLauncher.Launch launch = null;
        ConsoleRelay.Relay relay = null;
        LocalDomainHost.StartUndo undo = host.beforeStart(d);
        boolean committed = false;
        ContainerRun run;
        try {
            cg.create();
            applyLimits(live, cg);
            cg.setDeviceAcl(caps.switchedOn("mknod"));
            CharDeviceDef console = LxcDomainRules.console(live);
            LauncherScript.Console stdio = null;
            if (console != null && "pty".equals(console.type())) {
                relay = consoles.start(live.name());
                showPty(console, relay.hostTty());
                stdio = new LauncherScript.Console("pty", relay.containerTty(), false);
            } else if (console != null) {
                CharSource file = console.sources().get(0);
                stdio = new LauncherScript.Console("file", file.path(), "on".equals(file.append()));
            }
            launch = launcher.launch(live, cg, stdio, caps.setprivOptions());
            network.attach(live.interfaces(), launch.initPid());
            Process p = launch.launcher();
            run = new ContainerRun(launch.initPid(), launch.initStartTime(), cg, cgroupPath,
                p.onExit().thenApply(Process::exitValue), relay);
            committed = true;
            d.runtime().run = run;
            host.commitStart(d, live, DomainState.RUNNING, StateReason.RUNNING_BOOTED);
            launcher.release(live.name(), launch);
            if (paused) {
                cg.freeze();
                host.recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
            }
        } catch (RuntimeException e) {
            if (launch != null) {
                launcher.abandon(launch);
            }
            cleanup(live.name(), cg, relay);
            if (committed) {
                host.undoStart(d, undo, null);
            }
            throw e;
        }
        watch(d, run);
        LOG.info("started container {}: {}", live.name(), run);
        host.publishStarted(d, paused);
    }

    /**
     * libvirt's virLXCProcessEnsureRootFS: a container without a {@code <filesystem>} on '/' shares
     * the host's root, and its live definition says so ({@code <source dir='/'/>}); it still gets
     * its own /proc, /sys and /dev like any container.
     */
    static void ensureRootFilesystem(DomainDef live) {
        if (LxcDomainRules.rootFilesystem(live) == null) {
            live.devices().add(0, new FilesystemDef().type("mount").accessmode("passthrough").source("/").target("/"));
        }
    }

    /** The live XML of a pty console, as libvirt's: {@code <console type='pty' tty='/dev/pts/N'><source path='/dev/pts/N'/>}. */
    private static void showPty(CharDeviceDef console, String tty) {
        console.tty(tty);
        console.sources().clear();
        console.sources().add(new CharSource().path(tty));
    }

    /** memory.limit from {@code <memory>}, cpu shares and bandwidth from {@code <cputune>}. */
    private static void applyLimits(DomainDef def, Cgroup cg) {
        if (def.memoryKiB() > 0) {
            cg.setMemoryLimit(def.memoryKiB() * 1024L);
        }
        XmlElement tune = def.kept("cputune");
        if (tune != null) {
            Long shares = number(tune, "shares");
            if (shares != null) {
                cg.setCpuShares(shares);
            }
            Long period = number(tune, "period");
            Long quota = number(tune, "quota");
            if (period != null || quota != null) {
                cg.setCpuBandwidth(period, quota);
            }
        }
    }

    private static Long number(XmlElement parent, String child) {
        for (XmlElement c : parent.children()) {
            if (child.equals(c.name()) && c.text() != null) {
                try {
                    return Long.parseLong(c.text().trim());
                } catch (NumberFormatException e) {
                    throw LxcDomainRules.unsupported("invalid value '" + c.text() + "' for cputune " + child);
                }
            }
        }
        return null;
    }

    /** Calls {@link #exited} (in a job) when the run's init ends. */
    void watch(DomainObject<LxcRuntime> d, ContainerRun run) {
        run.exit.whenCompleteAsync((status, err) -> {
            if (closed) {
                return;
            }
            try {
                host.domains.run(d, "lxcProcessExit", dom -> exited(dom, run, status == null ? -1 : status));
            } catch (RuntimeException e) {
                LOG.debug("exit of {} not handled: {}", d.name(), e.getMessage());
            }
        }, host.background);
    }

    /** The init of {@code run} ended by itself: the container shut down, or rebooted. */
    private void exited(DomainObject<LxcRuntime> d, ContainerRun run, int status) {
        if (d.runtime().run != run) {
            return; // the driver ended this run itself (destroy, shutdown) or a newer one runs
        }
        // the output relay writes what init said last and ends once nothing of the container is
        // left to write (bounded: processes init left behind keep it open, and are killed below)
        Cgroup.await(() -> run.cgroup.pids().isEmpty(), 500);
        boolean requested = run.isRebootRequested();
        boolean reboot = requested || status == EXIT_REBOOT;
        LOG.info("container {} init exited (status {}){}", d.name(), status, reboot ? ": rebooting" : "");
        if (reboot) {
            cleanup(d.name(), run.cgroup, run.console);
            d.runtime().run = null;
            host.domains.releaseId(d);
            if (!requested && !mayRestartItself(d)) {
                LOG.error("container {} restarted itself {} times within {} ms: not starting it again", d.name(),
                    host.settings.rebootLimit(), host.settings.rebootIntervalMs());
                host.commitStop(d, StateReason.SHUTOFF_FAILED, DomainEvent.STOPPED_FAILED);
                return;
            }
            try {
                // a reboot runs on with the same definitions (libvirt's virLXCProcessReboot), so a
                // persistent definition changed while it ran still waits aside
                boolean updated = d.isUpdated();
                start(d, false);
                d.setUpdated(updated);
                return;
            } catch (VirtException e) {
                LOG.error("container {} failed to start again after reboot: {}", d.name(), e.getMessage());
                host.commitStop(d, StateReason.SHUTOFF_FAILED, DomainEvent.STOPPED_FAILED);
                return;
            }
        }
        stop(d, StateReason.SHUTOFF_SHUTDOWN);
    }

    /**
     * A reboot from inside (reboot(2) in the container ends its init with SIGHUP) restarts the
     * container, at most {@code reboot.limit} times within {@code reboot.interval.ms}: a container
     * in a reboot loop is shut off instead of taking the host's CPU and filling its log. Reboots the
     * administrator asks for are not counted.
     */
    private boolean mayRestartItself(DomainObject<LxcRuntime> d) {
        long now = System.nanoTime();
        long window = host.settings.rebootIntervalMs() * 1_000_000L;
        java.util.Deque<Long> times = d.runtime().selfReboots;
        while (!times.isEmpty() && now - times.peekFirst() > window) {
            times.pollFirst();
        }
        if (times.size() >= host.settings.rebootLimit()) {
            times.clear();
            return false;
        }
        times.addLast(now);
        return true;
    }

    /** Kills whatever is left of the run and removes its cgroup, then the kit's stop commit: the domain is shut off. */
    void stop(DomainObject<LxcRuntime> d, int reason) {
        ContainerRun run = d.runtime().run;
        if (run != null) {
            if (!run.cgroup.killAll(host.settings.destroyTimeoutMs())) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC,
                    "Failed to kill all processes of container " + d.name() + ": " + run.cgroup.pids());
            }
            cleanup(d.name(), run.cgroup, run.console);
        }
        host.commitStop(d, reason, LocalDomainHost.stoppedDetail(reason));
    }

    /**
     * Kills what is left in the cgroup, removes it, ends the console relay and removes the run's
     * files (the status file is the kit's commit's). Never throws: it runs on failure paths whose
     * own error matters.
     */
    void cleanup(String name, Cgroup cg, ConsoleRelay.Relay relay) {
        try {
            cg.killAll(host.settings.destroyTimeoutMs());
            cg.remove();
        } catch (VirtException e) {
            LOG.error("cannot clean up the cgroup of {}: {}", name, e.getMessage());
        }
        consoles.stop(name, relay);
        launcher.removeRunFiles(name);
    }

    /** The relay a previous driver started for a container, if it still runs. */
    ConsoleRelay.Relay findConsole(String name) {
        return consoles.find(name);
    }

    /**
     * SIGTERM to init (libvirt's signal method), then waits up to the shutdown timeout for the
     * container to end; a container still running then stays running (shutdown is a request).
     */
    void shutdown(DomainObject<LxcRuntime> d) {
        ContainerRun run = running(d);
        ProcessSignal.send(host.tools.kill, run.pid(), run.pidStartTime(), "TERM");
        if (Cgroup.await(() -> !run.isAlive(), host.settings.shutdownTimeoutMs())) {
            stop(d, StateReason.SHUTOFF_SHUTDOWN);
        } else {
            LOG.info("container {} still runs {} ms after SIGTERM", d.name(), host.settings.shutdownTimeoutMs());
        }
    }

    /** SIGHUP to init, libvirt's signal method: the container restarts when init exits. */
    void reboot(DomainObject<LxcRuntime> d) {
        ContainerRun run = running(d);
        run.setRebootRequested(true);
        if (!ProcessSignal.send(host.tools.kill, run.pid(), run.pidStartTime(), "HUP")) {
            run.setRebootRequested(false);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LXC, "Unable to send SIGHUP to init pid " + run.pid());
        }
    }

    void suspend(DomainObject<LxcRuntime> d) {
        ContainerRun run = running(d);
        if (d.state().state() != DomainState.PAUSED) {
            try {
                run.cgroup.freeze();
            } catch (VirtException e) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC, "Suspend operation failed: " + e.getMessage(), e);
            }
            host.recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
            host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        }
    }

    void resume(DomainObject<LxcRuntime> d) {
        ContainerRun run = running(d);
        if (d.state().state() == DomainState.PAUSED) {
            try {
                run.cgroup.thaw();
            } catch (VirtException e) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LXC, "Resume operation failed: " + e.getMessage(), e);
            }
            host.recordState(d, DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            host.emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        }
    }

    private static ContainerRun running(DomainObject<LxcRuntime> d) {
        d.requireActive();
        ContainerRun run = d.runtime().run;
        if (run == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.LXC, "Init process ID is not yet known");
        }
        return run;
    }

    void close() {
        closed = true;
    }
}
