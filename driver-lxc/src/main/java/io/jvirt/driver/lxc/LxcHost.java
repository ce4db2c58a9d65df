package io.jvirt.driver.lxc;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.NetworkResolver;
import io.jvirt.core.kit.StateStore;

/**
 * The LXC driver's host: its domains (the core's registry), event bus, state files and the
 * container machinery. Built once per driver activation; {@link #load} finds the state of the
 * previous run again (libvirt's lxcStateInitialize: configs, then status files, then reconnect,
 * then autostart).
 */
final class LxcHost {

    private static final Logger LOG = LoggerFactory.getLogger(LxcHost.class);
    static final String URI = "lxc:///";

    final LxcSettings settings;
    final HostTools tools;
    final DomainRegistry<LxcRuntime> domains = new DomainRegistry<>();
    final DomainEventBus events;
    final StateStore store;
    final CgroupLayout cgroups;
    final ContainerControl control;
    /** libvirt network names as host bridges (the core's service). */
    final NetworkResolver networks;
    /** Exit watchers and autostart: daemon threads, so a stopping JVM never waits for containers. */
    final ExecutorService background;

    LxcHost(LxcSettings settings, HostTools tools, CgroupLayout cgroups, NetworkResolver networks, DomainEventObservers observers) {
        this.settings = settings;
        this.events = new DomainEventBus(URI, observers);
        this.tools = tools;
        this.networks = networks;
        this.store = new StateStore(settings.stateDir());
        this.cgroups = cgroups;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jvirt-lxc-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ContainerLauncher launcher = new ContainerLauncher(tools, settings.stateDir().resolve("run"),
            settings.stateDir().resolve("log"), settings.startTimeoutMs(), settings.logMaxBytes());
        this.control = new ContainerControl(this, launcher, new NetworkSetup(tools), new ConsoleRelay(tools,
            settings.stateDir().resolve("run"), settings.stateDir().resolve("log"), settings.startTimeoutMs()));
    }

    static DomainDef parse(String xml) {
        return DomainXml.parse(xml, false, LxcDomainRules.INSTANCE);
    }

    /**
     * Loads every config and status, reconnects running containers, then runs autostart. A file
     * that cannot be read or parsed is quarantined by the core; a config that parses but cannot be
     * a domain next to the others (its UUID or name is another's) is skipped with an error, left
     * where it is for the administrator: one bad config never disables the driver.
     */
    void load() {
        for (Map.Entry<String, String> e : store.loadConfigs((n, xml) -> checkFileName(n, parse(xml))).entrySet()) {
            try {
                DomainObject<LxcRuntime> d = domains.addOrFind(parse(e.getValue()), true, LxcRuntime::new);
                d.setAutostart(store.isAutostart(e.getKey()));
            } catch (RuntimeException ex) {
                LOG.error("cannot load the config of domain {} ({}): {}; skipped", e.getKey(),
                    store.configDir().resolve(e.getKey() + ".xml"), ex.getMessage());
            }
        }
        for (Map.Entry<String, DomainStatus> e : store.loadStatuses((n, xml) -> checkFileName(n, parse(xml))).entrySet()) {
            try {
                reconnect(e.getKey(), e.getValue());
            } catch (RuntimeException ex) {
                LOG.error("cannot reconnect to container {}: {}", e.getKey(), ex.getMessage(), ex);
            }
        }
        if (settings.autostart() && store.autostartTracker().claimAutostart()) {
            for (DomainObject<LxcRuntime> d : domains.all()) {
                if (d.autostart() && !d.isActive()) {
                    background.execute(() -> autostart(d));
                }
            }
        }
    }

    private static void checkFileName(String fileName, DomainDef def) {
        if (!fileName.equals(def.name())) {
            throw new IllegalArgumentException("file of '" + fileName + "' holds domain '" + def.name() + "'");
        }
    }

    private void autostart(DomainObject<LxcRuntime> d) {
        try {
            domains.run(d, "virDomainCreate", dom -> {
                if (!dom.isActive()) {
                    control.start(dom, false);
                }
            });
        } catch (RuntimeException e) {
            LOG.error("Failed to autostart VM '{}': {}", d.name(), e.getMessage());
        }
    }

    /**
     * libvirt's reconnect rule: a container is running when its init is still the same process
     * (pid and start time) and its cgroup exists; otherwise it is shut off (reason failed) and
     * whatever is left of it (processes, cgroup, status file) is removed.
     */
    private void reconnect(String name, DomainStatus st) {
        DomainDef live = parse(st.liveXml());
        DomainObject<LxcRuntime> d = domains.findByUuid(live.uuid());
        if (d == null) {
            d = domains.addOrFind(live, false, LxcRuntime::new);
        }
        String rel = st.monitor().isEmpty() ? cgroups.relativePath(live.uuid()) : st.monitor();
        // the cgroup is the domain's by its UUID (by its name for containers started before jvirt
        // named them by UUID), and stays below a hierarchy's root
        boolean ours = rel.endsWith("/" + live.uuid()) || rel.endsWith("/" + name);
        if (!ours || rel.startsWith("/") || rel.contains("/../") || rel.startsWith("../") || rel.contains("/./")) {
            throw new IllegalStateException("status of '" + name + "' names an unexpected cgroup '" + rel + "'");
        }
        Cgroup cg = cgroups.at(rel);
        boolean alive = ProcFs.sameProcess(st.pid(), st.pidStartTime());
        if (alive && cg.exists()) {
            ContainerRun run = new ContainerRun(st.pid(), st.pidStartTime(), cg, rel, ContainerControl.exitOf(st.pid()),
                control.findConsole(name));
            if (d.isPersistent()) {
                d.setNewDef(d.def());
            }
            d.setDef(live);
            d.runtime().run = run;
            domains.assignId(d, st.id());
            boolean frozen = cg.isFrozen();
            StateReason s = st.state();
            if (frozen) {
                d.setState(DomainState.PAUSED, s.state() == DomainState.PAUSED ? s.reason() : StateReason.UNKNOWN);
            } else {
                d.setState(DomainState.RUNNING, s.state() == DomainState.RUNNING ? s.reason() : StateReason.UNKNOWN);
            }
            control.watch(d, run);
            LOG.info("reconnected to container {} ({})", name, run);
            return;
        }
        LOG.warn("container {} is gone ({}): cleaning up", name,
            alive ? "its cgroup is missing" : "init " + st.pid() + " is no longer running");
        control.cleanup(name, cg, control.findConsole(name));
        if (!d.isPersistent()) {
            domains.remove(d);
        } else {
            d.setState(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED);
        }
    }

    /** Writes the running domain's status file (caller holds its job). */
    void saveStatus(DomainObject<LxcRuntime> d) {
        ContainerRun run = d.runtime().run;
        store.saveStatus(d.name(), new DomainStatus(d.id(), d.state(), d.isPersistent(), run.initPid, run.initStartTime,
            run.cgroupPath, DomainXml.format(d.def(), d.id(), true)));
    }

    void emit(DomainObject<LxcRuntime> d, DomainEventType type, int detail) {
        emit(d, d.id(), type, detail);
    }

    /** An event with the id the domain had (a STOPPED event is published after the id is released). */
    void emit(DomainObject<LxcRuntime> d, int id, DomainEventType type, int detail) {
        events.publish(new DomainEvent(d.name(), d.uuid(), id, type, detail));
    }

    /** Stops watching; containers keep running and are found again by the next {@link #load}. */
    void close() {
        control.close();
        background.shutdownNow();
    }

    static int stoppedDetail(int shutoffReason) {
        return switch (shutoffReason) {
            case StateReason.SHUTOFF_DESTROYED -> DomainEvent.STOPPED_DESTROYED;
            case StateReason.SHUTOFF_CRASHED -> DomainEvent.STOPPED_CRASHED;
            case StateReason.SHUTOFF_FAILED -> DomainEvent.STOPPED_FAILED;
            default -> DomainEvent.STOPPED_SHUTDOWN;
        };
    }
}
