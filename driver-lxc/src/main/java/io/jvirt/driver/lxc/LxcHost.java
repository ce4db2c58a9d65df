package io.jvirt.driver.lxc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorDomain;
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
import io.jvirt.core.kit.local.LocalDomainHost;

/**
 * The LXC driver's host: the kit's local host ({@link LocalDomainHost}: lifecycle, definitions,
 * start and stop commits, status files) with the container machinery. Built once per driver
 * activation; {@link #activate} finds the state of the previous run again (libvirt's
 * lxcStateInitialize: configs, then status files, then reconnect, then autostart).
 */
final class LxcHost extends LocalDomainHost<LxcRuntime> {

    private static final Logger LOG = LoggerFactory.getLogger(LxcHost.class);
    static final String URI = "lxc:///";

    final LxcSettings settings;
    final HostTools tools;
    final DomainRegistry<LxcRuntime> domains;
    final StateStore store;
    final CgroupLayout cgroups;
    final ContainerControl control;
    /** libvirt network names as host bridges (the core's service). */
    final NetworkResolver networks;
    /** Exit watchers and autostart: daemon threads, so a stopping JVM never waits for containers. */
    final ExecutorService background;

    LxcHost(LxcSettings settings, HostTools tools, CgroupLayout cgroups, NetworkResolver networks, DomainEventObservers observers) {
        super(URI, ErrorDomain.LXC, new DomainRegistry<>(), new DomainEventBus(URI, observers), new StateStore(settings.stateDir()),
            LxcRuntime::new);
        this.settings = settings;
        this.domains = domains();
        this.store = store();
        this.tools = tools;
        this.networks = networks;
        this.cgroups = cgroups;
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jvirt-lxc-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ContainerLauncher launcher = new ContainerLauncher(tools, settings.stateDir().resolve("run"),
            settings.stateDir().resolve("log"), settings.startTimeoutMs(), settings.logMaxBytes());
        this.control = new ContainerControl(this, launcher, new NetworkSetup(tools, settings.netnsPrefix()), new ConsoleRelay(tools,
            settings.stateDir().resolve("run"), settings.stateDir().resolve("log"), settings.startTimeoutMs()));
    }

    /** A definition with libvirt's LXC defaults (the init, the console). */
    static DomainDef parseDef(String xml) {
        return DomainXml.parse(xml, false, LxcDomainRules.INSTANCE);
    }

    /** A definition a caller gives: also what a new LXC domain may not have (libvirt's define checks). */
    @Override
    protected DomainDef parse(String xml, boolean validate) {
        DomainDef def = parseDef(xml);
        LxcDomainRules.checkNew(def);
        return def;
    }

    /** A persistent definition from the driver's config files (libvirt's inactive parse). */
    @Override
    protected DomainDef parseStored(String xml) {
        return parseDef(xml);
    }

    /** A running container's status: it keeps its console's pty path and its veths' names (libvirt's live parse). */
    @Override
    protected DomainDef parseStatus(String xml) {
        return DomainXml.parseLive(xml, LxcDomainRules.INSTANCE);
    }

    @Override
    protected void start(DomainObject<LxcRuntime> d, boolean paused) {
        control.start(d, paused);
    }

    /** The kit's load (configs, statuses, reconnects), then autostart in the background when due. */
    void activate() {
        load();
        if (settings.autostart()) {
            background.execute(this::autostart);
        }
    }

    /**
     * libvirt's reconnect rule: a container is running when its init is still the same process
     * (pid and start time) and its cgroup exists; otherwise it is shut off (reason failed) and
     * whatever is left of it (processes, cgroup, status file) is removed.
     */
    @Override
    protected void reconnect(DomainObject<LxcRuntime> d, DomainStatus st) {
        String name = d.name();
        // files written before the status kept driver data hold the cgroup in the monitor field
        String rel = st.data(ContainerRun.CGROUP_KEY, true);
        if (rel.isEmpty()) {
            rel = cgroups.relativePath(d.uuid());
        }
        // the cgroup is the domain's by its UUID (by its name for containers started before jvirt
        // named them by UUID), and stays below a hierarchy's root
        boolean ours = rel.endsWith("/" + d.uuid()) || rel.endsWith("/" + name);
        if (!ours || rel.startsWith("/") || rel.contains("/../") || rel.startsWith("../") || rel.contains("/./")) {
            LOG.error("status of '{}' names an unexpected cgroup '{}': not touching it, the domain is shut off", name, rel);
            commitStop(d, StateReason.SHUTOFF_FAILED, DomainEvent.STOPPED_FAILED);
            return;
        }
        Cgroup cg = cgroups.at(rel);
        boolean alive = ProcFs.sameProcess(st.pid(), st.pidStartTime());
        if (alive && cg.exists()) {
            ContainerRun run = new ContainerRun(st.pid(), st.pidStartTime(), cg, rel, ContainerControl.exitOf(st.pid()),
                control.findConsole(name));
            d.runtime().run = run;
            StateReason s = d.state();
            if (cg.isFrozen()) {
                d.setState(DomainState.PAUSED, s.state() == DomainState.PAUSED ? s.reason() : StateReason.UNKNOWN);
            } else {
                d.setState(DomainState.RUNNING, s.state() == DomainState.RUNNING ? s.reason() : StateReason.UNKNOWN);
            }
            saveStatus(d);
            control.watch(d, run);
            LOG.info("reconnected to container {} ({})", name, run);
            return;
        }
        LOG.warn("container {} is gone ({}): cleaning up", name,
            alive ? "its cgroup is missing" : "init " + st.pid() + " is no longer running");
        control.cleanup(name, cg, control.findConsole(name));
        commitStop(d, StateReason.SHUTOFF_FAILED, DomainEvent.STOPPED_FAILED);
    }

    /** Stops watching; containers keep running and are found again by the next {@link #activate}. */
    @Override
    public void close() {
        super.close();
        control.close();
        background.shutdownNow();
    }
}
