package io.jvirt.driver.test;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.core.kit.DomainEventBus;
import io.jvirt.core.kit.DomainEventObservers;
import io.jvirt.core.kit.DomainObject;
import io.jvirt.core.kit.DomainRegistry;
import io.jvirt.core.kit.NetworkEventObservers;
import io.jvirt.core.kit.StorageEventObservers;
import io.jvirt.core.kit.net.NetworkBackend;
import io.jvirt.core.kit.net.NetworkHost;
import io.jvirt.core.kit.local.LocalDomainHost;
import io.jvirt.core.spi.DomainRef;

/**
 * One simulated host (libvirt's {@code testDriver} object): the kit's local host without a state
 * store (everything stays in memory, nothing is written to disk) with the test driver's node facts
 * and its simulated runs. {@code test:///default} has one per driver service, every node-file
 * connection its own.
 */
final class TestHost extends LocalDomainHost<TestRuntime> {

    final String uri;
    final NodeInfo node;
    final DomainRegistry<TestRuntime> domains;
    final DomainEventBus events;
    /**
     * The host's virtual networks, in memory: the kit's network object rules with the do-nothing
     * backend (nothing is set up on the host, nothing written), flag errors named testNetwork*.
     */
    final NetworkHost networks;
    /** The host's storage pools and volumes, in memory (libvirt's test driver's pools). */
    final TestStorage storage;
    /** The NUMA cells its capabilities show: none but test:///default's (libvirt reads none from node files). */
    java.util.List<TestCapabilities.Cell> cells = java.util.List.of();

    TestHost(String uri, NodeInfo node, DomainEventObservers observers, NetworkEventObservers networkObservers,
             StorageEventObservers storageObservers) {
        super(uri, ErrorDomain.TEST, new DomainRegistry<>(), new DomainEventBus(uri, observers), null, TestRuntime::new);
        this.uri = uri;
        this.node = node;
        this.domains = domains();
        domains.snapshotsBy(TestRuntime::hasSnapshots);
        this.events = events();
        this.networks = new NetworkHost(new NetworkBackend() { }, uri, networkObservers, NetworkHost.Rules.TEST_DRIVER,
            DomainRegistry.DEFAULT_JOB_TIMEOUT_MS);
        this.storage = new TestStorage(uri, storageObservers);
    }

    /**
     * libvirt's shared {@code test:///default} host: its node, the running domain "test" (id 1) and
     * the running network "default" (virbr0, 192.168.122.1/24 with DHCP) and the running dir pool
     * "default-pool" (/default-pool, no volumes), as libvirt's defaultConnXML.
     */
    static TestHost createDefault(DomainEventObservers observers, NetworkEventObservers networkObservers,
                                  StorageEventObservers storageObservers) {
        TestHost host = new TestHost("test:///default", TestDefaults.DEFAULT_NODE, observers, networkObservers,
            storageObservers);
        host.add(TestDefaults.parse(TestDefaults.DEFAULT_DOMAIN_XML, false));
        host.addNetwork(TestDefaults.DEFAULT_NETWORK_XML);
        host.storage.addPool(TestDefaults.DEFAULT_POOL_XML, java.util.List.of());
        host.cells = TestCapabilities.DEFAULT_CELLS;
        return host;
    }

    /** libvirt's testParseNetworks: a network of the host's description, persistent and running, without an event. */
    void addNetwork(String xml) {
        NetworkDef def = NetworkXml.parse(xml);
        networks.restore(def, def, false);
    }

    /** {@code testDomainDefineXMLFlags} / {@code testDomainCreateXML}: the test driver's parser and defaults. */
    @Override
    protected DomainDef parse(String xml, boolean validate) {
        return TestDefaults.parse(xml, validate).def();
    }

    /**
     * Adds a domain of the host's description as libvirt's {@code testParseDomains} does: running
     * (with the next id) unless its runstate says shut off, in the runstate with reason "unknown".
     */
    void add(TestDefaults.ParsedDomain parsed) {
        TestNamespace ns = parsed.ns();
        DomainObject<TestRuntime> dom = domains.addOrFind(parsed.def(), !ns.transientDom(), TestRuntime::new);
        dom.setManagedSave(ns.hasManagedSave());
        IoThreadIds.fillPolls(dom);
        if (ns.runstate() != DomainState.SHUTOFF) {
            startState(dom, 0);
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
     * libvirt's {@code testDomainStartState}: the kit's start commit (running with {@code reason},
     * the next id, the persistent definition kept aside, no managed save).
     */
    void startState(DomainObject<TestRuntime> dom, int reason) {
        commitStart(dom, dom.def().copy(), DomainState.RUNNING, reason);
    }

    /** A start (libvirt's test driver boots at once), paused at once when asked to; then its events. */
    @Override
    protected void start(DomainObject<TestRuntime> d, boolean paused) {
        startState(d, StateReason.RUNNING_BOOTED);
        if (paused) {
            d.setState(DomainState.PAUSED, StateReason.PAUSED_USER);
        }
        publishStarted(d, paused);
    }
}
