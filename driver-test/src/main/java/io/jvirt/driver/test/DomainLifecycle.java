package io.jvirt.driver.test;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.spi.DomainRef;

/**
 * The state machine of libvirt's test driver: start, shutdown, reboot, reset, destroy, suspend,
 * resume, undefine, managed save and rename, with its checks, words and events (define and
 * createXml are the kit's, {@link io.jvirt.core.kit.local.LocalDriverConnection}). Each operation
 * runs in the domain's job; the kit's commits publish the events inside it, so they stay in order.
 */
final class DomainLifecycle {

    /**
     * {@code VIR_DOMAIN_START_PAUSED}. libvirt's test driver refuses it; jvirt's honours it, since a
     * start that leaves the guest paused is part of the lifecycle every other driver offers.
     */
    private static final int START_PAUSED = 1;

    private final TestHost host;

    DomainLifecycle(TestHost host) {
        this.host = host;
    }

    /** {@code testDomainCreateWithFlags}: boots a defined domain (a managed save image is dropped, as libvirt's test driver does). */
    void create(DomainRef ref, int flags) {
        Flags.check(flags, START_PAUSED, "testDomainCreateWithFlags");
        host.domains.run(host.dom(ref), "virDomainCreateWithFlags", d -> {
            if (d.state().state() != DomainState.SHUTOFF) {
                throw internal("Domain '" + ref.name() + "' is already running");
            }
            host.start(d, (flags & START_PAUSED) != 0);
        });
    }

    /** {@code testDomainShutdownFlags}: the guest powers off at once and {@code on_poweroff} decides what follows. */
    void shutdown(DomainRef ref, int flags) {
        Flags.check(flags, 0, "testDomainShutdownFlags");
        host.domains.run(host.dom(ref), "virDomainShutdownFlags", d -> {
            if (d.state().state() == DomainState.SHUTOFF) {
                throw internal("domain '" + ref.name() + "' not running");
            }
            lifecycleAction(d, d.def().onPoweroff() == null ? "destroy" : d.def().onPoweroff());
        });
    }

    /** {@code testDomainReboot}: {@code on_reboot} decides; by default the domain runs on (booted). */
    void reboot(DomainRef ref, int flags) {
        Flags.check(flags, 0x1f, "testDomainReboot");
        host.domains.run(host.dom(ref), "virDomainReboot", d -> {
            d.requireActive();
            lifecycleAction(d, d.def().onReboot() == null ? "restart" : d.def().onReboot());
        });
    }

    /**
     * libvirt's {@code testDomainActionSetState}: restart keeps it running, anything else stops it.
     *
     * @param action the {@code on_poweroff} / {@code on_reboot} value with libvirt's default filled in
     */
    private void lifecycleAction(DomainObject<TestRuntime> d, String action) {
        if ("restart".equals(action) || "rename-restart".equals(action)) {
            if (d.state().state() == DomainState.PAUSED) {
            }
            d.setState(DomainState.RUNNING, StateReason.RUNNING_BOOTED);
            return;
        }
        stop(d, StateReason.SHUTOFF_SHUTDOWN, DomainEvent.STOPPED_SHUTDOWN);
    }

    /** {@code testDomainReset}: nothing happens to a running domain. */
    void reset(DomainRef ref) {
        host.domains.run(host.dom(ref), "virDomainReset", DomainObject::requireActive);
    }

    /** {@code testDomainDestroyFlags}. */
    void destroy(DomainRef ref, int flags) {
        Flags.check(flags, 1, "testDomainDestroyFlags");
        host.domains.run(host.dom(ref), "virDomainDestroyFlags", d -> {
            d.requireActive();
            stop(d, StateReason.SHUTOFF_DESTROYED, DomainEvent.STOPPED_DESTROYED);
        });
    }

    /** The kit's stop commit: shut off, the persistent definition back, STOPPED, a transient domain gone. */
    private void stop(DomainObject<TestRuntime> d, int reason, int eventDetail) {
        host.commitStop(d, reason, eventDetail);
    }

    /** {@code testDomainSuspend}. */
    void suspend(DomainRef ref) {
        host.domains.run(host.dom(ref), "virDomainSuspend", d -> {
            DomainState s = d.state().state();
            if (s == DomainState.SHUTOFF || s == DomainState.PAUSED) {
                throw internal("domain '" + ref.name() + "' not running");
            }
            d.setState(DomainState.PAUSED, StateReason.PAUSED_USER);
            host.emit(d, DomainEventType.SUSPENDED, DomainEvent.SUSPENDED_PAUSED);
        });
    }

    /** {@code testDomainResume}. */
    void resume(DomainRef ref) {
        host.domains.run(host.dom(ref), "virDomainResume", d -> {
            if (d.state().state() != DomainState.PAUSED) {
                throw internal("domain '" + ref.name() + "' not paused");
            }
            d.setState(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED);
            host.emit(d, DomainEventType.RESUMED, DomainEvent.RESUMED_UNPAUSED);
        });
    }

    /**
     * {@code testDomainUndefineFlags}: a running domain turns transient, an inactive one goes. As in
     * libvirt's test driver, a transient domain may be "undefined" too (an event, no change).
     */
    void undefine(DomainRef ref, int flags) {
        Flags.check(flags, 1 | 2, "testDomainUndefineFlags");
        host.domains.run(host.dom(ref), "virDomainUndefineFlags", d -> {
            if (d.hasManagedSave() && (flags & 1) == 0) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "Refusing to undefine while domain managed save image exists");
            }
            DomainSnapshots.checkUndefine(d, flags);
            host.undefine(d);
        });
    }

    /** {@code testDomainManagedSave}: the domain stops (saved) and will boot again on its next start. */
    void managedSave(DomainRef ref) {
        host.domains.run(host.dom(ref), "virDomainManagedSave", d -> {
            d.requireActive();
            if (!d.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                    "cannot do managed save for transient domain");
            }
            d.setManagedSave(true);
            host.commitStop(d, StateReason.SHUTOFF_SAVED, DomainEvent.STOPPED_SAVED);
        });
    }

    void managedSaveRemove(DomainRef ref) {
        host.domains.run(host.dom(ref), "virDomainManagedSaveRemove", d -> d.setManagedSave(false));
    }

    /** {@code testDomainRename} with {@code virDomainObjListRename}'s checks. */
    void rename(DomainRef ref, String newName) {
        host.domains.run(host.dom(ref), "virDomainRename", d -> {
            if (d.isActive()) {
                throw invalid("cannot rename active domain");
            }
            if (!d.isPersistent()) {
                throw invalid("cannot rename a transient domain");
            }
            if (d.state().state() != DomainState.SHUTOFF) {
                throw invalid("domain has to be shutoff before renaming");
            }
            if (d.name().equals(newName)) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN, "Can't rename domain to itself");
            }
            if (host.domains.findByName(newName) != null) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "domain with name '" + newName + "' already exists");
            }
            if (newName.indexOf('/') >= 0) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.TEST, "name " + newName + " cannot contain '/'");
            }
            if (newName.isEmpty()) {
                throw new VirtException(ErrorCode.NO_NAME, ErrorDomain.DOMAIN, "domain");
            }
            host.domains.rename(d, d.name(), newName);
            host.emit(d, DomainEventType.UNDEFINED, DomainEvent.UNDEFINED_RENAMED);
            d.setDef(d.def().copy().name(newName));
            host.emit(d, DomainEventType.DEFINED, DomainEvent.DEFINED_RENAMED);
        });
    }

    private static VirtException internal(String msg) {
        return new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, msg);
    }

    private static VirtException invalid(String msg) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST, msg);
    }
}
