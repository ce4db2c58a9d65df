package io.jvirt.core.kit.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.core.kit.DefineRules;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.spi.DomainRef;

/**
 * One host of a local driver (libvirt's {@code virStateDriver} with the common half of its QEMU
 * and LXC drivers): the domains, their events and their files, and every step that does not depend
 * on the hypervisor, written once:
 * <ul>
 * <li><b>lifecycle</b> ({@link #load}, {@link #autostart}): every stored definition, then every
 *     status file (the domain adopts its live definition, id and state), then each formerly running
 *     domain is handed to the driver's {@link #reconnect} in its job, several at a time; autostart
 *     once per host boot ({@link io.jvirt.core.kit.AutostartTracker});</li>
 * <li><b>definitions</b> ({@link #define}, {@link #createXml}, {@link #undefine},
 *     {@link #setAutostart}, {@link #xmlDesc}, {@link #isUpdated}): a stored definition keeps its
 *     secrets, a dump shows them only with SECURE; a failure rolls back inside the domain's job
 *     ({@link DomainRegistry#placeInJob});</li>
 * <li><b>start and stop commits</b> ({@link #commitStart}, {@link #undoStart}, {@link #commitStop}):
 *     ids, live and persistent definitions, status files, and events published after the state
 *     change, carrying the id the domain had; a transient domain leaves when it stops.</li>
 * </ul>
 * A driver extends it with its hypervisor's half: {@link #parse}, {@link #parseStored} and
 * {@link #parseStatus} (its rules for a definition, a config and a status file), {@link #start}
 * (which calls the commits) and {@link #reconnect}. Its
 * connections extend {@link LocalDriverConnection}. Without a {@link StateStore} (the test driver)
 * nothing is written and {@link #load} has nothing to read.
 *
 * <p>Threads: every method that takes a {@link DomainObject} expects the caller to hold its job,
 * except where it says it takes the job itself.
 *
 * @param <S> the driver's per-domain runtime data (a {@link RunSlot} for a driver with processes)
 */
public abstract class LocalDomainHost<S> {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDomainHost.class);
    /** Reconnects at a time: enough to overlap the hypervisors' answers, few enough for a small host. */
    private static final int RECONNECT_THREADS = 8;

    private final String uri;
    private final ErrorDomain errorDomain;
    private final DomainRegistry<S> domains;
    private final DomainEventBus events;
    private final StateStore store;
    private final Supplier<S> newRuntime;
    private final NodeFacts node;
    private volatile boolean closed;

    /**
     * @param store      where definitions, status files and autostart markers live; null: nowhere
     *                   (a host that keeps everything in memory)
     * @param newRuntime makes the runtime data of a new domain (cheap: called under the registry's monitor)
     */
    protected LocalDomainHost(String uri, ErrorDomain errorDomain, DomainRegistry<S> domains, DomainEventBus events,
                              StateStore store, Supplier<S> newRuntime) {
        this.uri = uri;
        this.errorDomain = errorDomain;
        this.domains = domains;
        this.events = events;
        this.store = store;
        this.newRuntime = newRuntime;
        this.node = NodeFacts.local(errorDomain);
    }

    // ---------- what the driver provides ----------

    /** A definition a caller gives (define, createXml), with every rule of the driver checked. */
    protected abstract DomainDef parse(String xml, boolean validate);

    /**
     * A persistent definition from the driver's own config files, read as libvirt reads them
     * (VIR_DOMAIN_DEF_PARSE_INACTIVE: what a caller could have written, without what only a running
     * domain has). Checks that depend on the environment (an emulator probe, a machine type) are
     * left to the start, so that a changed host never makes a stored definition unloadable.
     * Defaults to {@link #parse} without VALIDATE.
     */
    protected DomainDef parseStored(String xml) {
        return parse(xml, false);
    }

    /**
     * The live definition in a running domain's status file, which the driver itself wrote: read
     * as libvirt reads its status XML (without VIR_DOMAIN_DEF_PARSE_INACTIVE), so that what the
     * hypervisor or the driver gave the running domain stays (a pty's path, a tap's generated name
     * such as vnet0, a network port's id). A driver with a {@link StateStore} overrides it with
     * {@link DomainXml#parseLive} and its own defaults; by default, that
     * parse without driver defaults.
     */
    protected DomainDef parseStatus(String xml) {
        return DomainXml.parseLive(xml, null);
    }

    /**
     * Starts the inactive domain {@code d} (its job held): the driver makes its process, then calls
     * {@link #commitStart} and {@link #publishStarted}; on failure it undoes what it made,
     * calls {@link #undoStart} and throws.
     */
    protected abstract void start(DomainObject<S> d, boolean paused);

    /**
     * A domain whose status file said it was running, its job held, its live definition, id and
     * state adopted from the file: the driver checks that its process is still there and still
     * its own, takes it back (the state as the hypervisor says), or ends what is left of it and
     * calls {@link #commitStop}.
     */
    protected void reconnect(DomainObject<S> d, DomainStatus status) {
        commitStop(d, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
    }

    /** The domain's current run (for its status file); by default its {@link RunSlot}'s. */
    protected ProcessRun runOf(DomainObject<S> d) {
        return d.runtime() instanceof RunSlot<?> slot ? slot.run() : null;
    }

    /** The domain no longer runs: forget its run (by default its {@link RunSlot}'s). */
    protected void released(DomainObject<S> d) {
        if (d.runtime() instanceof RunSlot<?> slot) {
            slot.setRun(null);
        }
    }

    /** Why autostart cannot run now (no hypervisor binary...), or null. */
    protected String autostartBlocker() {
        return null;
    }

    // ---------- the host ----------

    public String uri() {
        return uri;
    }

    public ErrorDomain errorDomain() {
        return errorDomain;
    }

    public DomainRegistry<S> domains() {
        return domains;
    }

    public DomainEventBus events() {
        return events;
    }

    /** The state files, null for a host that keeps nothing. */
    public StateStore store() {
        return store;
    }

    /** The facts of the machine this host runs on ({@code virNodeGetInfo}, the host name). */
    public NodeFacts node() {
        return node;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Marks the host closed: background work (autostart, event handling) stops at its next step. */
    public void close() {
        closed = true;
    }

    /** Publishes an event of {@code d} with its current id. */
    public void emit(DomainObject<S> d, DomainEventType type, int detail) {
        events.publish(new DomainEvent(d.name(), d.uuid(), d.id(), type, detail));
    }

    // ---------- lifecycle ----------

    /**
     * libvirt's state driver initialization: every stored definition (a file that cannot be a
     * domain beside the others is skipped, with an error, and left where it is), then every status
     * file, then a {@link #reconnect} of each formerly running domain in its job, several at a
     * time. Returns when all are done: the host answers nothing before it knows which domains run.
     */
    public void load() {
        if (store == null) {
            return;
        }
        // with the closing line below, how long a (re)start spends on the driver's own state
        LOG.info("{}: loading the domains' configs and status files", uri);
        for (Map.Entry<String, String> e : store.loadConfigs((name, xml) -> checkFileName(name, parseStored(xml))).entrySet()) {
            try {
                DomainObject<S> d = domains.addOrFind(parseStored(e.getValue()), true, newRuntime);
                d.setAutostart(store.isAutostart(e.getKey()));
            } catch (RuntimeException ex) {
                LOG.error("{}: cannot load the config of '{}': {}; skipped", uri, e.getKey(), ex.getMessage());
            }
        }
        List<Map.Entry<DomainObject<S>, DomainStatus>> wasRunning = new ArrayList<>();
        for (Map.Entry<String, DomainStatus> e : store.loadStatuses((name, xml) -> checkFileName(name, parseStatus(xml))).entrySet()) {
            try {
                wasRunning.add(Map.entry(adopt(e.getValue()), e.getValue()));
            } catch (RuntimeException ex) {
                LOG.error("{}: cannot load the status of '{}': {}", uri, e.getKey(), ex.getMessage());
            }
        }
        reconnectAll(wasRunning);
        store.unloadedConfigs().forEach((name, why) -> LOG.error(
            "{}: the config of '{}' stays unloaded ({}); the name is reserved until it loads", uri, name, why));
        LOG.info("{}: {} domains, {} running", uri, domains.size(), domains.countActive());
    }

    /** The domain of a status file, as it was when the file was written: live definition, id, state. */
    private DomainObject<S> adopt(DomainStatus st) {
        DomainDef live = parseStatus(st.liveXml());
        DomainObject<S> found = domains.findByUuid(live.uuid());
        if (found != null && !found.name().equals(live.name())) {
            throw new IllegalArgumentException("the running domain '" + live.name() + "' has the UUID of the defined domain '"
                + found.name() + "'");
        }
        DomainObject<S> d = found != null ? found : domains.addOrFind(live, false, newRuntime);
        try {
            domains.assignId(d, st.id()); // first: the step that can fail (another status has the id)
        } catch (RuntimeException e) {
            if (found == null) {
                domains.remove(d); // no transient ghost of a status that could not be taken
            }
            throw e;
        }
        if (found != null) {
            d.setNewDef(d.def());
            d.setDef(live);
        }
        d.setPersistent(d.newDef() != null);
        d.setState(st.state().state(), st.state().reason());
        return d;
    }

    private void reconnectAll(List<Map.Entry<DomainObject<S>, DomainStatus>> wasRunning) {
        if (wasRunning.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(RECONNECT_THREADS, wasRunning.size()), r -> {
            Thread t = new Thread(r, "jvirt-reconnect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Map.Entry<DomainObject<S>, DomainStatus> e : wasRunning) {
                done.add(pool.submit(() -> {
                    try {
                        domains.run(e.getKey(), "reconnect", d -> reconnect(d, e.getValue()));
                    } catch (RuntimeException ex) {
                        LOG.error("{}: reconnecting to '{}' failed: {}", uri, e.getKey().name(), ex.getMessage(), ex);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("{}: reconnecting failed", uri, e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    private static void checkFileName(String fileName, DomainDef def) {
        if (!fileName.equals(def.name())) {
            throw new IllegalArgumentException("file of '" + fileName + "' holds domain '" + def.name() + "'");
        }
    }

    /**
     * Starts, one after the other in the calling thread, every inactive domain marked autostart,
     * once per host boot; a domain that fails is logged (libvirt's words) and the others go on.
     */
    public void autostart() {
        String blocker = autostartBlocker();
        if (blocker != null) {
            LOG.warn("{}: not running autostart: {}", uri, blocker);
            return;
        }
        if (store == null || !store.autostartTracker().claimAutostart()) {
            return;
        }
        for (DomainObject<S> d : domains.all()) {
            if (closed) {
                return;
            }
            if (d.autostart() && !d.isActive()) {
                try {
                    domains.run(d, "autostart", x -> {
                        if (!x.isActive()) {
                            start(x, false);
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.error("Failed to autostart VM '{}': {}", d.name(), e.getMessage());
                }
            }
        }
    }

    // ---------- definitions ----------

    /**
     * libvirt's define: a new persistent domain, or a new persistent definition of an existing one
     * (kept aside while it runs: the domain is then {@linkplain #isUpdated updated}). Written to
     * disk, with its secrets, before anything changes; DEFINED (ADDED, or UPDATED when there was a
     * persistent definition to replace) is published in the job. A define that fails leaves the
     * registry as it found it.
     */
    public DomainRef define(DomainDef def) {
        DefineRules.checkName(def.name());
        return domains.placeInJob(def, true, newRuntime, "virDomainDefineXMLFlags", (d, added) -> {
            boolean wasPersistent = !added && d.isPersistent();
            if (store != null) {
                store.saveConfig(def.name(), DomainXml.format(def, -1, true));
            }
            d.setPersistent(true);
            if (d.isActive()) {
                d.setNewDef(def);
                d.setUpdated(true);
                saveStatus(d);
            } else {
                d.setDef(def);
            }
            emit(d, DomainEventType.DEFINED, wasPersistent ? DomainEvent.DEFINED_UPDATED : DomainEvent.DEFINED_ADDED);
            return d.ref();
        });
    }

    /**
     * libvirt's createXml: starts {@code def} as a new transient domain, or runs it as the live
     * definition of an inactive persistent one (whose definition waits aside). A start that fails
     * leaves everything as it was, inside the job: a new domain is gone, an existing one has its
     * definition back.
     */
    public DomainRef createXml(DomainDef def, boolean paused) {
        return domains.placeInJob(def, false, newRuntime, "virDomainCreateXML", (d, added) -> {
            if (!added) {
                // virDomainObjListAdd with its LIVE check
                if (d.isActive()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain '" + d.name() + "' is already active");
                }
                if (!d.isPersistent()) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                        "domain '" + d.name() + "' is already being started");
                }
                d.setNewDef(d.def());
                d.setDef(def);
            }
            try {
                start(d, paused);
            } catch (RuntimeException e) {
                if (!added && !d.isActive() && d.newDef() != null) {
                    d.setDef(d.newDef());
                    d.setNewDef(null);
                }
                throw e;
            }
            return d.ref();
        });
    }

    /**
     * libvirt's undefine of a persistent domain: its files go, UNDEFINED (removed) is published,
     * and a running domain runs on as a transient one while an inactive one leaves the registry.
     * The driver checks what it refuses first (a transient domain, a managed save image).
     */
    public void undefine(DomainObject<S> d) {
        if (store != null) {
            store.setAutostart(d.name(), false);
            store.deleteConfig(d.name());
        }
        d.setAutostart(false);
        d.setManagedSave(false);
        emit(d, DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_REMOVED);
        if (d.isActive()) {
            d.setPersistent(false);
            d.setNewDef(null);
            saveStatus(d);
        } else {
            domains.remove(d);
        }
    }

    /** Sets autostart durably: the marker first, then the flag. */
    public void setAutostart(DomainObject<S> d, boolean autostart) {
        if (store != null) {
            store.setAutostart(d.name(), autostart);
        }
        d.setAutostart(autostart);
    }

    /**
     * libvirt's {@code virDomainGetXMLDesc}: the live definition with the domain's id, or with
     * INACTIVE the persistent one; secrets only with SECURE (the core refuses SECURE on read-only
     * connections). Needs no job: definitions are replaced whole, never changed in place.
     */
    public String xmlDesc(DomainObject<S> d, int flags) {
        boolean secure = (flags & XmlFlag.SECURE.bit()) != 0;
        if ((flags & XmlFlag.INACTIVE.bit()) != 0) {
            return DomainXml.format(d.persistentDef(), -1, secure);
        }
        return DomainXml.format(d.def(), d.id(), secure);
    }

    /** libvirt's {@code virDomainIsUpdated}: the persistent definition changed while the domain runs. */
    public boolean isUpdated(DomainObject<S> d) {
        return d.isActive() && d.isUpdated();
    }

    /** Writes the persistent definition, with its secrets; durable when it returns. */
    public void saveConfig(DomainObject<S> d) {
        if (store != null) {
            store.saveConfig(d.name(), DomainXml.format(d.persistentDef(), -1, true));
        }
    }

    /** Writes a running domain's status file: its run, state and live definition (with its secrets). */
    public void saveStatus(DomainObject<S> d) {
        if (store == null) {
            return;
        }
        ProcessRun run = runOf(d);
        store.saveStatus(d.name(), new DomainStatus(d.id(), d.state(), d.isPersistent(),
            run == null ? -1 : run.pid(), run == null ? -1 : run.pidStartTime(), run == null ? "" : run.monitor(),
            DomainXml.format(d.def(), d.id(), true), run == null ? Map.of() : run.statusData()));
    }

    /** Removes a status file; a failure is logged, never thrown (it runs on paths whose own error matters). */
    public void deleteStatusQuietly(String name) {
        if (store == null) {
            return;
        }
        try {
            store.deleteStatus(name);
        } catch (VirtException e) {
            LOG.error("cannot remove the status file of '{}': {}", name, e.getMessage());
        }
    }

    // ---------- start and stop commits ----------

    /** What a start changes, to put back when it fails ({@link #undoStart}). */
    public record StartUndo(DomainDef def, DomainDef newDef, StateReason state) {
    }

    /** Remembers what a start is about to change. */
    public StartUndo beforeStart(DomainObject<S> d) {
        return new StartUndo(d.def(), d.newDef(), d.state());
    }

    /**
     * The domain runs: its persistent definition is kept aside (when it has one and none is yet),
     * {@code live} is in force, it gets the next id, leaves no managed save and is not updated;
     * the state is set and the status file written (the driver sets its run first, so the file
     * names the process). A status that cannot be written fails the start: nothing may run that a
     * restarted driver would not know.
     */
    public void commitStart(DomainObject<S> d, DomainDef live, DomainState state, int reason) {
        commitStart(d, live, -1, state, reason);
    }

    /**
     * {@link #commitStart(DomainObject, DomainDef, DomainState, int)} with the id the hypervisor
     * gave the domain (Xen's domid), or the registry's next one for {@code id} &lt; 0.
     */
    public void commitStart(DomainObject<S> d, DomainDef live, int id, DomainState state, int reason) {
        if (d.isPersistent() && d.newDef() == null) {
            d.setNewDef(d.def());
        }
        d.setDef(live);
        if (id < 0) {
            domains.assignId(d);
        } else {
            domains.assignId(d, id);
        }
        d.setUpdated(false);
        d.setManagedSave(false);
        d.setState(state, reason);
        saveStatus(d);
    }

    /** A running domain's new state, recorded in its status file. */
    public void recordState(DomainObject<S> d, DomainState state, int reason) {
        d.setState(state, reason);
        saveStatus(d);
    }

    /** STARTED (booted), then SUSPENDED (paused) for a start that leaves the domain paused. */
    public void publishStarted(DomainObject<S> d, boolean paused) {
        emit(d, DomainEventType.STARTED, DomainEvent.STARTED_BOOTED);
        if (paused) {
            emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        }
    }

    /**
     * Puts back what a failed start changed (the driver has ended what it made): no run, id or
     * status file, the definitions as before, and the state {@code after} (null: as before).
     */
    public void undoStart(DomainObject<S> d, StartUndo undo, StateReason after) {
        released(d);
        if (d.isActive()) {
            domains.releaseId(d);
        }
        deleteStatusQuietly(d.name());
        d.setDef(undo.def());
        d.setNewDef(undo.newDef());
        StateReason s = after != null ? after : undo.state();
        d.setState(s.state(), s.reason());
    }

    /**
     * The domain stopped (the driver has ended its process and what belonged to it): libvirt's
     * {@code *ProcessStop} bookkeeping. No run, status file or id; shut off with {@code reason};
     * the persistent definition in force again; a transient domain leaves the registry; then
     * STOPPED with {@code eventDetail} is published carrying the id the domain had, so a listener
     * that hears it already finds the domain shut off.
     */
    public void commitStop(DomainObject<S> d, int reason, int eventDetail) {
        DomainEvent stopped = new DomainEvent(d.name(), d.uuid(), d.id(), DomainEventType.STOPPED, eventDetail);
        released(d);
        d.setUpdated(false);
        deleteStatusQuietly(d.name());
        domains.releaseId(d);
        d.setState(DomainState.SHUTOFF, reason);
        if (d.newDef() != null) {
            d.setDef(d.newDef());
            d.setNewDef(null);
        }
        if (!d.isPersistent()) {
            domains.remove(d);
        }
        events.publish(stopped);
    }

    /** The STOPPED event detail of a shut-off reason. */
    public static int stoppedDetail(int shutoffReason) {
        return switch (shutoffReason) {
            case StateReason.SHUTOFF_DESTROYED -> DomainEvent.STOPPED_DESTROYED;
            case StateReason.SHUTOFF_CRASHED -> DomainEvent.STOPPED_CRASHED;
            case StateReason.SHUTOFF_FAILED -> DomainEvent.STOPPED_FAILED;
            case StateReason.SHUTOFF_SAVED -> DomainEvent.STOPPED_SAVED;
            default -> DomainEvent.STOPPED_SHUTDOWN;
        };
    }
}
