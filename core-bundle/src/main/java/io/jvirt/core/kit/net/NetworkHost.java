package io.jvirt.core.kit.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NetworkCreateFlag;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventType;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.core.kit.ObjectEventBus;
import io.jvirt.core.kit.ObjectRegistry;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.NetworkRef;

/**
 * libvirt's network object semantics, written once for every driver with virtual networks
 * (src/conf/virnetworkobj.c and the driver halves of src/network/bridge_driver.c and
 * src/test/test_driver.c): define (a new persistent network, or the next definition of an active
 * one), create (transient and started), start, destroy (a transient network goes away), undefine
 * (an active network becomes transient), autostart, XML with INACTIVE, bridge name, DHCP leases,
 * the listing filters, lifecycle events, each with libvirt's error codes and words. What starting a
 * network does on the host and where definitions are kept is the {@link NetworkBackend}'s; one job
 * per network at a time ({@link ObjectRegistry#job}). Where libvirt's test driver answers
 * otherwise than its network driver, {@link Rules#TEST_DRIVER} answers as the test driver does.
 *
 * @since 1.3.0
 */
public class NetworkHost {

    /**
     * Whose answers: libvirt's network driver (bridge_driver.c) or its test driver (test_driver.c),
     * which differ where the test driver keeps less state: it starts and stops nothing, so it
     * destroys an inactive network without a word and keeps the definition it ran; it refuses to
     * undefine a running network instead of making it transient; it marks a transient network
     * autostarted; it has no INACTIVE XML and no leases.
     *
     * @since 1.4.0
     */
    public enum Rules {
        NETWORK_DRIVER("network"),
        TEST_DRIVER("testNetwork");

        /** The prefix of the driver's function names in flag errors. */
        final String functionPrefix;

        Rules(String functionPrefix) {
            this.functionPrefix = functionPrefix;
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(NetworkHost.class);

    private final ObjectRegistry<NetworkObject> networks;
    private final ObjectEventBus<NetworkEvent> events;
    private final NetworkBackend backend;
    /**
     * Definitions prepared but not registered yet: the next prepare counts them as taken (two
     * defines must not get the same bridge name) without a lock held while a network starts.
     */
    private final List<NetworkDef> preparing = new ArrayList<>();
    /** The prefix of the driver's function names in flag errors ("network", "testNetwork"). */
    private final String functionPrefix;
    private final Rules rules;

    /**
     * @param uri      the host's URI (for the event observer)
     * @param observer sees every event with the URI (the core's EventAdmin bridge), or null
     * @param rules    libvirt's network driver's answers or its test driver's
     * @since 1.4.0
     */
    public NetworkHost(NetworkBackend backend, String uri, BiConsumer<String, NetworkEvent> observer, Rules rules,
            long jobTimeoutMillis) {
        this.backend = backend;
        this.events = new ObjectEventBus<>(uri, observer);
        this.networks = new ObjectRegistry<>(ObjectRegistry.Kind.NETWORK, jobTimeoutMillis);
        this.functionPrefix = rules.functionPrefix;
        this.rules = rules;
    }

    /**
     * The network driver's answers, flag errors named with {@code functionPrefix}.
     *
     * @deprecated since 1.4.0: name the {@link Rules}
     */
    @Deprecated
    public NetworkHost(NetworkBackend backend, String uri, BiConsumer<String, NetworkEvent> observer, String functionPrefix,
            long jobTimeoutMillis) {
        this.backend = backend;
        this.events = new ObjectEventBus<>(uri, observer);
        this.networks = new ObjectRegistry<>(ObjectRegistry.Kind.NETWORK, jobTimeoutMillis);
        this.functionPrefix = functionPrefix;
        this.rules = Rules.NETWORK_DRIVER;
    }

    private boolean testDriver() {
        return rules == Rules.TEST_DRIVER;
    }

    // ---------- restoring what ran before a restart ----------

    /**
     * Registers a network as it was before the driver (re)started: its persistent definition (null
     * for a transient one), its live definition when it is still running (the backend has checked
     * it), and its autostart mark. No event: nothing changed.
     */
    public void restore(NetworkDef persistentDef, NetworkDef liveDef, boolean autostart) {
        NetworkDef any = liveDef != null ? liveDef : persistentDef;
        NetworkObject o = networks.placeObject(any.name(), any.uuid(), () -> new NetworkObject(any.uuid(), any)).object();
        o.persistent(persistentDef != null);
        o.active(liveDef != null);
        o.autostart(persistentDef != null && autostart);
        if (liveDef != null && persistentDef != null && !persistentDef.equals(liveDef)) {
            o.nextDef(persistentDef);
        }
    }

    /** Starts every persistent network marked autostart that is not running; failures are logged, as libvirt's. */
    public void autostartAll() {
        for (NetworkObject o : sorted()) {
            if (!o.isAutostart() || o.isActive()) {
                continue;
            }
            try {
                networks.run(o, "network autostart", this::startLocked);
            } catch (VirtException e) {
                LOG.warn("cannot autostart network '{}': {}", o.name(), e.getMessage());
            }
        }
    }

    // ---------- the entry points ----------

    public List<NetworkRef> listAllNetworks(int flags) {
        // the driver's own function name, as libvirt's virCheckFlags names it (networkConnectListAllNetworks, testConnectListAllNetworks)
        String driverPrefix = functionPrefix.endsWith("Network") ? functionPrefix.substring(0, functionPrefix.length() - "Network".length())
                : functionPrefix;
        DriverConnection.checkFlags(flags, ErrorDomain.NETWORK, driverPrefix + "ConnectListAllNetworks", NetworkListFilter.values());
        List<NetworkRef> out = new ArrayList<>();
        for (NetworkObject o : sorted()) {
            if (matches(o, flags)) {
                out.add(ref(o));
            }
        }
        return out;
    }

    public int numOfNetworks() {
        return (int) networks.objects().stream().filter(NetworkObject::isActive).count();
    }

    public int numOfDefinedNetworks() {
        return (int) networks.objects().stream().filter(o -> !o.isActive()).count();
    }

    public NetworkRef lookupByName(String name) {
        return ref(networks.getByName(name));
    }

    public NetworkRef lookupByUuid(UUID uuid) {
        return ref(networks.getByUuid(uuid));
    }

    /** virNetworkDefineXMLFlags: a new persistent network, or the next definition of an existing one. */
    public NetworkRef defineXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.NETWORK, functionPrefix + "DefineXMLFlags", NetworkDefineFlag.values());
        NetworkDef def = prepare(NetworkXml.parse(xml));
        try {
            return networks.placeObjectInJob(def.name(), def.uuid(), () -> new NetworkObject(def.uuid(), def), "virNetworkDefineXML",
                    (o, added) -> {
                        backend.saveConfig(def);
                        if (o.isActive()) {
                            o.nextDef(def);
                        } else {
                            o.def(def);
                        }
                        o.persistent(true);
                        publish(o, NetworkEventType.DEFINED);
                        return ref(o);
                    });
        } finally {
            prepared(def);
        }
    }

    /** virNetworkCreateXMLFlags: a transient network, started. */
    public NetworkRef createXml(String xml, int flags) {
        DriverConnection.checkFlags(flags, ErrorDomain.NETWORK, functionPrefix + "CreateXMLFlags", NetworkCreateFlag.values());
        NetworkDef def = prepare(NetworkXml.parse(xml));
        try {
            return create(def);
        } finally {
            prepared(def);
        }
    }

    private NetworkRef create(NetworkDef def) {
        return networks.placeObjectInJob(def.name(), def.uuid(), () -> new NetworkObject(def.uuid(), def), "virNetworkCreateXML",
                (o, added) -> {
                    if (!added) {
                        if (o.isActive()) {
                            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                                    "network is already active as '" + o.name() + "'");
                        }
                        // a persistent network of that name and UUID: this definition runs, the
                        // persistent one stays for the next start (virNetworkObjAssignDef, LIVE)
                        o.nextDef(o.def());
                        o.def(def);
                    }
                    try {
                        startLocked(o);
                    } catch (RuntimeException e) {
                        if (!added) {
                            o.def(o.nextDef());
                            o.nextDef(null);
                        }
                        throw e; // an added object leaves the registry (placeObjectInJob)
                    }
                    return ref(o);
                });
    }

    public AutoCloseable subscribeEvents(Consumer<NetworkEvent> sink) {
        return events.subscribe(sink);
    }

    public boolean isActive(NetworkRef net) {
        return find(net).isActive();
    }

    public boolean isPersistent(NetworkRef net) {
        return find(net).isPersistent();
    }

    public String xmlDesc(NetworkRef net, int flags) {
        if (testDriver()) {
            DriverConnection.checkFlags(flags, 0, ErrorDomain.NETWORK, functionPrefix + "GetXMLDesc");
        } else {
            DriverConnection.checkFlags(flags, ErrorDomain.NETWORK, functionPrefix + "GetXMLDesc", NetworkXmlFlag.values());
        }
        NetworkObject o = find(net);
        boolean inactive = (flags & NetworkXmlFlag.INACTIVE.bit()) != 0;
        NetworkDef def = inactive ? o.persistentDef() : o.def();
        return NetworkXml.format(def, inactive);
    }

    /** virNetworkCreate: starts a defined network. */
    public void create(NetworkRef net) {
        networks.run(find(net), "virNetworkCreate", this::startLocked);
    }

    public void destroy(NetworkRef net) {
        networks.run(find(net), "virNetworkDestroy", o -> {
            if (!o.isActive() && !testDriver()) {
                throw notActive(o);
            }
            stopLocked(o);
        });
    }

    public void undefine(NetworkRef net) {
        networks.run(find(net), "virNetworkUndefine", o -> {
            if (testDriver() && o.isActive()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "Network '" + o.name() + "' is still running");
            }
            if (!o.isPersistent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "can't undefine transient network");
            }
            backend.deleteConfig(o.persistentDef());
            o.persistent(false);
            o.autostart(false);
            o.nextDef(null);
            publish(o, NetworkEventType.UNDEFINED);
            if (!o.isActive()) {
                networks.remove(o);
            }
        });
    }

    public boolean autostart(NetworkRef net) {
        return find(net).isAutostart();
    }

    public void setAutostart(NetworkRef net, boolean autostart) {
        networks.run(find(net), "virNetworkSetAutostart", o -> {
            if (!o.isPersistent() && !testDriver()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK,
                        "cannot set autostart for transient network");
            }
            if (o.isAutostart() != autostart) {
                backend.saveAutostart(o.persistentDef(), autostart);
                o.autostart(autostart);
            }
        });
    }

    public String bridgeName(NetworkRef net) {
        NetworkObject o = find(net);
        String bridge = o.def().bridge() == null ? null : o.def().bridge().name();
        if (bridge == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "network '" + o.name() + "' does not have a bridge name.");
        }
        return bridge;
    }

    public List<NetworkDhcpLease> dhcpLeases(NetworkRef net, String mac, int flags) {
        if (testDriver()) {
            throw DriverConnection.unsupported("virNetworkGetDHCPLeases"); // test_driver.c has no networkGetDHCPLeases
        }
        DriverConnection.checkFlags(flags, 0, ErrorDomain.NETWORK, functionPrefix + "GetDHCPLeases");
        NetworkObject o = find(net);
        if (!o.isActive()) {
            return List.of();
        }
        List<NetworkDhcpLease> all = backend.leases(o.def());
        if (mac == null) {
            return all;
        }
        String want = mac.toLowerCase(java.util.Locale.ROOT);
        return all.stream().filter(l -> want.equals(l.mac())).toList();
    }

    // ---------- what drivers ask of the networks ----------

    /** The network of that name, or null. */
    public NetworkObject find(String name) {
        return networks.findByName(name);
    }

    /** Every network, sorted by name. */
    public List<NetworkObject> all() {
        return sorted();
    }

    /** Stops every active network (the driver is going away and takes its networks with it). */
    public void stopAll() {
        for (NetworkObject o : sorted()) {
            if (o.isActive()) {
                try {
                    networks.run(o, "network shutdown", this::stopLocked);
                } catch (VirtException e) {
                    LOG.warn("cannot stop network '{}': {}", o.name(), e.getMessage());
                }
            }
        }
    }

    // ---------- under the network's job ----------

    private void startLocked(NetworkObject o) {
        if (o.isActive()) {
            throw testDriver()
                    ? new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "Network '" + o.name() + "' is already running")
                    : alreadyActive();
        }
        NetworkDef def = o.def();
        backend.start(def);
        try {
            backend.saveStatus(def);
        } catch (RuntimeException e) {
            backend.stop(def);
            throw e;
        }
        o.active(true);
        publish(o, NetworkEventType.STARTED);
    }

    private void stopLocked(NetworkObject o) {
        NetworkDef live = o.def();
        backend.stop(live);
        backend.deleteStatus(live);
        o.active(false);
        // libvirt's test driver never puts the definition that waited for the next start in place
        // (testNetworkDestroy does not call virNetworkObjUnsetDefTransient): it runs the old one again
        if (o.nextDef() != null && !testDriver()) {
            o.def(o.nextDef());
            o.nextDef(null);
        }
        publish(o, NetworkEventType.STOPPED);
        if (!o.isPersistent()) {
            networks.remove(o);
        }
    }

    // ---------- helpers ----------

    private NetworkObject find(NetworkRef net) {
        return networks.getByUuid(net.uuid());
    }

    /** The backend's checks and names for a new definition, against every other network and the ones being prepared. */
    private NetworkDef prepare(NetworkDef parsed) {
        synchronized (preparing) {
            List<NetworkDef> taken = others();
            taken.addAll(preparing);
            NetworkDef def = backend.prepare(parsed, taken);
            preparing.add(def);
            return def;
        }
    }

    private void prepared(NetworkDef def) {
        synchronized (preparing) {
            preparing.remove(def);
        }
    }

    private List<NetworkDef> others() {
        List<NetworkDef> out = new ArrayList<>();
        for (NetworkObject o : networks.objects()) {
            out.add(o.def());
            if (o.nextDef() != null) {
                out.add(o.nextDef());
            }
        }
        return out;
    }

    private List<NetworkObject> sorted() {
        List<NetworkObject> l = new ArrayList<>(networks.objects());
        l.sort(Comparator.comparing(NetworkObject::name));
        return l;
    }

    private void publish(NetworkObject o, NetworkEventType type) {
        events.publish(new NetworkEvent(o.name(), o.uuid(), type));
    }

    private static NetworkRef ref(NetworkObject o) {
        return new NetworkRef(o.name(), o.uuid());
    }

    /** virConnectListAllNetworks' filter groups: within a group any bit, across groups all. */
    private static boolean matches(NetworkObject o, int flags) {
        return group(flags, NetworkListFilter.ACTIVE, NetworkListFilter.INACTIVE, o.isActive())
                && group(flags, NetworkListFilter.PERSISTENT, NetworkListFilter.TRANSIENT, o.isPersistent())
                && group(flags, NetworkListFilter.AUTOSTART, NetworkListFilter.NO_AUTOSTART, o.isAutostart());
    }

    private static boolean group(int flags, NetworkListFilter yes, NetworkListFilter no, boolean value) {
        boolean wantYes = (flags & yes.bit()) != 0;
        boolean wantNo = (flags & no.bit()) != 0;
        if (wantYes == wantNo) {
            return true;
        }
        return wantYes == value;
    }

    private static VirtException alreadyActive() {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network is already active");
    }

    private static VirtException notActive(NetworkObject o) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NETWORK, "network '" + o.name() + "' is not active");
    }
}
