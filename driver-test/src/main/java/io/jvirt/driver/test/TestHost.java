package io.jvirt.driver.test;

import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.spi.DomainRef;

/**
 * One simulated host (libvirt's {@code testDriver} object): its node facts, its domains in the
 * core's registry and its event bus. Everything stays in memory; nothing is written to disk.
 * {@code test:///default} has one per driver service, every node-file connection its own.
 */
final class TestHost {

    final String uri;
    final NodeInfo node;
    final DomainRegistry<TestRuntime> domains = new DomainRegistry<>();
    final DomainEventBus events;

    TestHost(String uri, NodeInfo node, DomainEventObservers observers) {
        this.uri = uri;
        this.node = node;
        this.events = new DomainEventBus(uri, observers);
    }

    /** libvirt's shared {@code test:///default} host: its node and the running domain "test" (id 1). */
    static TestHost createDefault(DomainEventObservers observers) {
        TestHost host = new TestHost("test:///default", TestDefaults.DEFAULT_NODE, observers);
        host.load(TestDefaults.parse(TestDefaults.DEFAULT_DOMAIN_XML, false));
        return host;
    }

    /**
     * Adds a domain of the host's description as libvirt's {@code testParseDomains} does: running
     * (with the next id) unless its runstate says shut off, in the runstate with reason "unknown".
     */
    void load(TestDefaults.ParsedDomain parsed) {
        TestNamespace ns = parsed.ns();
        DomainObject<TestRuntime> dom = domains.addOrFind(parsed.def(), !ns.transientDom(), TestRuntime::new);
        dom.runtime().claimFresh();
        dom.setManagedSave(ns.hasManagedSave());
        if (ns.runstate() != DomainState.SHUTOFF) {
            startState(dom, 0);
            if (ns.runstate() == DomainState.PAUSED) {
                dom.runtime().paused();
            }
        }
        dom.setState(ns.runstate(), 0);
    }

    /** Finds the domain behind a handle (libvirt's {@code testDomObjFromDomain}). */
    DomainObject<TestRuntime> dom(DomainRef ref) {
        DomainObject<TestRuntime> d = domains.findByUuid(ref.uuid());
        if (d == null) {
            throw new VirtException(ErrorCode.NO_DOMAIN, ErrorDomain.TEST,
                "no domain with matching uuid '" + ref.uuid() + "' (" + ref.name() + ")");
        }
        return d;
    }

    /**
     * libvirt's {@code testDomainStartState}: running with {@code reason}, the next id, a persistent
     * domain's definition copied aside as the persistent one, no managed save any more.
     */
    void startState(DomainObject<TestRuntime> dom, int reason) {
        dom.setState(DomainState.RUNNING, reason);
        if (dom.isPersistent() && dom.newDef() == null) {
            dom.setNewDef(dom.def().copy());
        }
        domains.assignId(dom);
        dom.setManagedSave(false);
        dom.runtime().started();
    }

    /**
     * libvirt's {@code testDomainShutdownState}: the persistent definition is in force again, the
     * state is shut off with {@code reason}; a transient domain then leaves the host.
     */
    void shutdownState(DomainObject<TestRuntime> dom, int reason) {
        if (dom.newDef() != null) {
            dom.setDef(dom.newDef());
            dom.setNewDef(null);
        }
        dom.setState(DomainState.SHUTOFF, reason);
        dom.runtime().stopped();
        domains.releaseId(dom);
    }

    /** Removes a domain that stopped, if it was transient (after its event, as libvirt orders it). */
    void removeIfTransient(DomainObject<TestRuntime> dom) {
        if (!dom.isPersistent()) {
            domains.remove(dom);
        }
    }

    void emit(DomainObject<TestRuntime> dom, DomainEventType type, int detail) {
        events.publish(new DomainEvent(dom.name(), dom.uuid(), dom.id(), type, detail));
    }
}
