package io.jvirt.driver.xen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.DomainStatus;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.local.LocalDomainHost;

/**
 * The Xen driver's host: the kit's local host with xl as the hypervisor. libvirt's XML stays the
 * record of every domain (as libvirt's libxl driver keeps it); a start renders it to xl.cfg in the
 * config directory and runs {@code xl create}; the domid comes from {@code xl domid}. Changes made
 * outside the driver (a guest that shut down, crashed or was destroyed with xl) are found by one
 * {@code xl list} per poll for all domains.
 */
final class XenHost extends LocalDomainHost<XenSlot> {

    private static final Logger LOG = LoggerFactory.getLogger(XenHost.class);
    static final String URI = "xen:///system";
    /** libxl's prefix of the vif names it generates (LIBXL_GENERATED_PREFIX_XEN). */
    static final String GENERATED_PREFIX = "vif";

    final XenSettings settings;
    final Xl xl;
    /** xl info, read at activation (node facts, hypervisor version). */
    final Map<String, String> facts;
    private final ScheduledExecutorService poller;
    /** xl list as it was at activation, for the reconnects (one call for every domain). */
    private volatile Map<String, Xl.Entry> atLoad = Map.of();
    /**
     * Orders the driver's own changes against the poll's xl list: a domain the driver changed after
     * a list began is left alone by that list (it may not show the change yet).
     */
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

    XenHost(XenSettings settings, Xl xl, Map<String, String> facts, DomainEventObservers observers) {
        super(URI, ErrorDomain.LIBXL, new DomainRegistry<>(), new DomainEventBus(URI, observers), new StateStore(settings.stateDir()),
            XenSlot::new);
        this.settings = settings;
        this.xl = xl;
        this.facts = facts;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jvirt-xen-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A definition a caller gives, or an xl.cfg's (libvirt's PARSE_INACTIVE with libxl's xmlopt):
     * libxl's defaults, and besides the names every driver's parse blanks (vnet*, macvtap*,
     * macvlan*) a target name with libxl's own prefix "vif" (LIBXL_GENERATED_PREFIX_XEN, its
     * netPrefix) is blanked out unless the tap is unmanaged ({@code managed='no'}).
     */
    static DomainDef parseDef(String xml, boolean validate) {
        DomainDef def = DomainXml.parse(xml, validate, XenDefaults.INSTANCE);
        for (InterfaceDef n : def.interfaces()) {
            if (!"no".equals(n.targetManaged()) && n.targetDev() != null && n.targetDev().startsWith(GENERATED_PREFIX)) {
                n.targetDev(null);
            }
        }
        return def;
    }

    /**
     * A definition a caller gives: one xl can run. Refused before anything is written: what xl.cfg
     * cannot express (CONFIG_UNSUPPORTED naming the element), a name xl would take for a domid or
     * that could not be a file name in the config directory.
     */
    @Override
    protected DomainDef parse(String xml, boolean validate) {
        DomainDef def = parseDef(xml, validate);
        checkName(def.name());
        XlConfig.fromDomain(def);
        return def;
    }

    @Override
    protected DomainDef parseStored(String xml) {
        return parseDef(xml, false);
    }

    /** A running domain's status: its live definition as the driver wrote it (libvirt's live parse). */
    @Override
    protected DomainDef parseStatus(String xml) {
        return DomainXml.parseLive(xml, XenDefaults.INSTANCE);
    }

    static void checkName(String name) {
        StateStore.checkName(name);
        if (name.chars().allMatch(Character::isDigit)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LIBXL,
                "domain name '" + name + "' is all digits: xl would take it for a domain id");
        }
    }

    Path cfgFile(String name) {
        checkName(name);
        Path f = settings.configDir().resolve(name + ".cfg").normalize();
        if (!settings.configDir().equals(f.getParent())) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.LIBXL, "domain name '" + name + "' leaves the config directory");
        }
        return f;
    }

    /**
     * libvirt's libxlDomainStart through xl: the live definition rendered to xl.cfg (written
     * atomically, private), {@code xl create [-p]}, the domid from {@code xl domid}. A failure after
     * the create destroys what xl made.
     */
    @Override
    protected void start(DomainObject<XenSlot> d, boolean paused) {
        DomainDef live = d.def().copy();
        String cfg = XlConfig.fromDomain(live);
        Path file = cfgFile(d.name());
        StartUndo undo = beforeStart(d);
        try {
            Files.createDirectories(settings.configDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.LIBXL,
                "cannot create the xl config directory " + settings.configDir() + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, cfg.getBytes(StandardCharsets.UTF_8), true);
        boolean created = false;
        try {
            xl.create(file, paused);
            created = true;
            int id = xl.domid(d.name());
            d.runtime().setRun(new XenRun(tick()));
            commitStart(d, live, id, paused ? DomainState.PAUSED : DomainState.RUNNING,
                paused ? StateReason.PAUSED_USER : StateReason.RUNNING_BOOTED);
        } catch (RuntimeException e) {
            if (created) {
                destroyQuietly(d.name());
            }
            AtomicFiles.deleteQuietly(file);
            undoStart(d, undo, new StateReason(DomainState.SHUTOFF, StateReason.SHUTOFF_FAILED));
            throw e;
        }
        publishStarted(d, paused);
    }

    long tick() {
        return ticks.incrementAndGet();
    }

    /** Marks a change the driver made to a running domain (see {@link #ticks}). */
    void changed(DomainObject<XenSlot> d) {
        XenRun run = d.runtime().run();
        if (run != null) {
            run.changed(tick());
        }
    }

    /** After a failed start: the domain xl made, by name (its domid may be unknown). */
    private void destroyQuietly(String name) {
        try {
            xl.destroy(xl.domid(name));
        } catch (RuntimeException e) {
            LOG.error("cannot destroy the half-started Xen domain '{}': {}", name, e.getMessage());
        }
    }

    /** The domain stopped: the kit's stop commit, and its xl.cfg goes. */
    void stopped(DomainObject<XenSlot> d, int reason) {
        stopped(d, reason, stoppedDetail(reason));
    }

    private void stopped(DomainObject<XenSlot> d, int reason, int eventDetail) {
        AtomicFiles.deleteQuietly(cfgFile(d.name()));
        commitStop(d, reason, eventDetail);
    }

    /** The kit's load, with one {@code xl list} for all reconnects; then the poll and autostart. */
    void activate() {
        Map<String, Xl.Entry> now = new HashMap<>();
        for (Xl.Entry e : xl.list()) {
            now.put(e.name(), e);
        }
        atLoad = now;
        load();
        atLoad = Map.of();
        long poll = Math.max(50, settings.pollMs());
        poller.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        if (settings.autostart()) {
            poller.execute(this::autostart);
        }
    }

    /**
     * The reconnect rule: a domain xl still lists under its name runs again (its domid and state as
     * xl says); one that vanished while the driver was away is shut off (a persistent one stays
     * listed, a transient one is gone).
     */
    @Override
    protected void reconnect(DomainObject<XenSlot> d, DomainStatus status) {
        Xl.Entry e = atLoad.get(d.name());
        if (e == null || e.shutdown() || e.dying()) {
            LOG.warn("Xen domain {} is gone (was domid {}): shut off", d.name(), status.id());
            if (e != null) {
                destroyQuietly(d.name());
            }
            stopped(d, StateReason.UNKNOWN, DomainEvent.STOPPED_FAILED);
            return;
        }
        d.runtime().setRun(new XenRun(tick()));
        if (e.id() != d.id()) {
            domains().assignId(d, e.id());
        }
        StateReason was = d.state();
        DomainState s = e.paused() ? DomainState.PAUSED : DomainState.RUNNING;
        d.setState(s, was.state() == s ? was.reason() : StateReason.UNKNOWN);
        saveStatus(d);
        LOG.info("reconnected to Xen domain {} (domid {})", d.name(), e.id());
    }

    /** One {@code xl list} for every domain; each change is applied in the domain's job. */
    void poll() {
        if (isClosed()) {
            return;
        }
        long listedAt = tick();
        List<Xl.Entry> list;
        try {
            list = xl.list();
        } catch (RuntimeException e) {
            LOG.warn("xl list failed: {}", e.getMessage());
            return;
        }
        Map<String, Xl.Entry> byName = new HashMap<>();
        list.forEach(e -> byName.put(e.name(), e));
        for (DomainObject<XenSlot> d : domains().all()) {
            if (isClosed()) {
                return;
            }
            if (!d.isActive() || !changed(d, byName.get(d.name()))) {
                continue;
            }
            try {
                domains().run(d, "poll", x -> {
                    XenRun run = x.runtime().run();
                    if (x.isActive() && !x.isRemoved() && run != null && run.changedAt() < listedAt) {
                        apply(x, byName.get(x.name()));
                    }
                });
            } catch (RuntimeException e) {
                LOG.warn("cannot apply xl's state of {}: {}", d.name(), e.getMessage());
            }
        }
    }

    private static boolean changed(DomainObject<XenSlot> d, Xl.Entry e) {
        if (e == null || e.shutdown() || e.id() != d.id()) {
            return true;
        }
        return e.paused() != (d.state().state() == DomainState.PAUSED);
    }

    /**
     * What xl reports, as libvirt's libxl event handler takes it: gone (destroyed outside) -> shut
     * off, destroyed; shut down with reason crash -> destroyed and shut off crashed; any other
     * shutdown -> destroyed and shut off; a new domid -> restarted by xl (a reboot); paused or
     * unpaused outside -> the state and event follow. A dying domain is left for the next poll.
     */
    private void apply(DomainObject<XenSlot> d, Xl.Entry e) {
        if (e == null) {
            stopped(d, StateReason.SHUTOFF_DESTROYED);
            return;
        }
        if (e.dying()) {
            return;
        }
        if (e.shutdown()) {
            if (e.reason() == 'r') {
                return; // xl's daemon restarts it (on_reboot=restart): the new domid shows next
            }
            try {
                xl.destroy(e.id());
            } catch (VirtException ex) {
                LOG.warn("cannot destroy the shut down Xen domain {}: {}", d.name(), ex.getMessage());
            }
            stopped(d, e.reason() == 'c' ? StateReason.SHUTOFF_CRASHED : StateReason.SHUTOFF_SHUTDOWN);
            return;
        }
        if (e.id() != d.id()) {
            domains().assignId(d, e.id());
            saveStatus(d);
        }
        if (e.paused() && d.state().state() != DomainState.PAUSED) {
            recordState(d, DomainState.PAUSED, StateReason.PAUSED_USER);
            emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        } else if (!e.paused() && d.state().state() == DomainState.PAUSED) {
            recordState(d, DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        }
    }

    /** Stops polling; Xen's domains run on and are found again by the next activation. */
    @Override
    public void close() {
        super.close();
        poller.shutdownNow();
        try {
            // an xl call of the poll is killed by the interrupt (HostCommand); wait for it, so that
            // nothing of this host runs xl after close
            if (!poller.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("the Xen poll did not end within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
