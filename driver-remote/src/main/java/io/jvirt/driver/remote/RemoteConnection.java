package io.jvirt.driver.remote;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.CloseListener;
import io.jvirt.api.DomainEvent;
import io.jvirt.api.DomainEventType;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.RpcTransport;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

/**
 * One connection of the remote driver: libvirt's remote driver table, each entry point one call of
 * the REMOTE program through the core's {@link RpcClient} (the structures come from the protocol
 * description; nothing is encoded here by hand). The set-up is libvirt's client's (doRemoteOpen):
 * AUTH_LIST, CONNECT_SUPPORTS_FEATURE for keepalive, CONNECT_OPEN with the name the far side
 * serves, then the event-callback and close-callback features.
 */
final class RemoteConnection extends RemoteDomainStats {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteConnection.class);

    /** virDrvFeature numbers. */
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    static final int FEATURE_REMOTE_CLOSE_CALLBACK = 15;
    /** remote_auth_type. */
    private static final int AUTH_NONE = 0;
    private static final int AUTH_POLKIT = 2;
    /** REMOTE_DRIVER_OPEN_RO: CONNECT_OPEN's flag for a read-only connection (VIR_CONNECT_RO). */
    private static final int OPEN_RO = 1;
    /** VIR_DOMAIN_EVENT_ID_LIFECYCLE. */
    private static final int EVENT_ID_LIFECYCLE = 0;

    private volatile String type;
    private final boolean closeCallback;
    /** This connection's listener on the client's end, removed before a close of its own (see {@link #close}). */
    private volatile AutoCloseable lostListener = () -> { };
    /** Whether the far side has this connection's close callback (CONNECT_REGISTER_CLOSE_CALLBACK). */
    private boolean closeRegistered;
    private final CopyOnWriteArrayList<Consumer<CloseListener.Reason>> closeSinks = new CopyOnWriteArrayList<>();
    /** The domain lifecycle callbacks registered on the far side. */
    private final RemoteCallbacks<DomainEvent> domainCallbacks = callbacks(
        "CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY", "CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY", "dom");

    /**
     * The id the far side last reported for each domain (in a listing, a lookup, a define), which
     * {@link #domainId} answers from without a call, as libvirt's remote driver does (virDomainGetID
     * reads the id its handle carries). This connection's own calls that start or stop a domain, and
     * a lifecycle event of a domain, drop its entry, so that the next {@code domainId} asks the far
     * side (libvirt's remoteDomainCreate looks the id up again, remoteDomainDestroy sets -1). A change
     * another client makes shows with the next listing, lookup or event, as with libvirt's handles.
     */
    private final Map<UUID, Integer> ids = new ConcurrentHashMap<>();
    /** Bound on {@link #ids}: past it, the entries are dropped (domains undefined by others would pile up). */
    private static final int MAX_IDS = 65_536;

    /** Run once when the connection closes or drops (the driver's {@link HostEvents} forgets it). */
    private volatile Runnable gone = () -> { };
    /** The host-wide subscriptions for the driver's observers, per kind; a no-op closer when the far side refused. */
    private AutoCloseable followDomains;
    private AutoCloseable followNetworks;
    private AutoCloseable followPools;

    private RemoteConnection(RpcClient client, String uri, boolean eventCallbacks, boolean closeCallback) {
        super(client, uri, eventCallbacks);
        this.closeCallback = closeCallback;
    }

    /**
     * Connects and opens {@code remote} as libvirt's client does; the transport is closed again when
     * any step fails.
     */
    static RemoteConnection open(String shownUri, RemoteUri remote, RpcTransport transport, boolean readOnly,
                                 RemoteSettings settings) {
        RpcClient client = RpcClient.start(transport, settings.callTimeout());
        try {
            Duration setup = settings.connectTimeout();
            authenticate(client, setup);
            boolean keepalive = supports(client, FEATURE_PROGRAM_KEEPALIVE, setup);
            client.call(client.procedure("CONNECT_OPEN"),
                XdrStruct.of("connect_open_args", "name", remote.openName(), "flags", readOnly ? OPEN_RO : 0), setup);
            boolean events = supports(client, FEATURE_REMOTE_EVENT_CALLBACK, setup);
            boolean close = supports(client, FEATURE_REMOTE_CLOSE_CALLBACK, setup);
            RemoteConnection c = new RemoteConnection(client, shownUri, events, close);
            c.lostListener = client.onClose(c::lost);
            client.onEvent(client.procedure("DOMAIN_EVENT_CALLBACK_LIFECYCLE"), c::lifecycle);
            if (close) {
                // registered on the far side with the first close sink (registerCloseCallback)
                client.onEvent(client.procedure("CONNECT_EVENT_CONNECTION_CLOSED"), m -> c.lost(reason(m.getInt("reason"))));
            }
            if (keepalive && !settings.keepaliveInterval().isZero()) {
                client.startKeepAlive(settings.keepaliveInterval(), settings.keepaliveCount());
            }
            return c;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * remoteAuthenticate: NONE (or an empty list, or a server without AUTH_LIST) needs nothing and
     * POLKIT is the server's business; SASL is not in this driver yet.
     */
    private static void authenticate(RpcClient client, Duration timeout) {
        List<Object> types;
        try {
            types = client.call(client.procedure("AUTH_LIST"), null, timeout).getList("types");
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return;
            }
            throw e;
        }
        if (types == null || types.isEmpty() || types.contains(AUTH_NONE) || types.contains(AUTH_POLKIT)) {
            return;
        }
        throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.REMOTE,
            "unsupported authentication type " + types.get(0));
    }

    /** remoteConnectSupportsFeatureUnlocked: a failed call or NO_SUPPORT means no. */
    private static boolean supports(RpcClient client, int feature, Duration timeout) {
        try {
            return client.call(client.procedure("CONNECT_SUPPORTS_FEATURE"),
                XdrStruct.of("connect_supports_feature_args", "feature", feature), timeout).getInt("supported") != 0;
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return false;
            }
            throw e;
        }
    }

    private static CloseListener.Reason reason(int n) {
        CloseListener.Reason[] all = CloseListener.Reason.values();
        return n >= 0 && n < all.length ? all[n] : CloseListener.Reason.ERROR;
    }

    void whenGone(Runnable r) {
        gone = r;
        if (!client.isOpen()) {
            forget();
        }
    }

    private void forget() {
        Runnable r = gone;
        gone = () -> { };
        r.run();
    }

    /**
     * Registers, for each kind the driver's observers want and this connection does not follow
     * yet, a callback for every object of the far side whose events go to those observers with this
     * connection's URI. A far side that refuses a kind (a storage-only URI has no domains; an old
     * server has no callbacks) is not asked again.
     */
    synchronized void followHostEvents(HostEvents to) {
        if (followDomains == null && to.domains.size() > 0) {
            followDomains = follow("domain", () -> subscribeDomainEvents(e -> to.domains.dispatch(uri, e)));
        }
        if (followNetworks == null && to.networks.size() > 0) {
            followNetworks = follow("network", () -> subscribeNetworkEvents(e -> to.networks.accept(uri, e)));
        }
        if (followPools == null && to.pools.size() > 0) {
            followPools = follow("storage pool", () -> subscribeStoragePoolEvents(e -> to.pools.accept(uri, e)));
        }
    }

    private AutoCloseable follow(String kind, java.util.function.Supplier<AutoCloseable> subscribe) {
        try {
            return subscribe.get();
        } catch (VirtException e) {
            LOG.debug("{} events of {} are not followed: {}", kind, uri, e.getMessage());
            return () -> { };
        }
    }

    private void lost(CloseListener.Reason reason) {
        if (reason == CloseListener.Reason.CLIENT) {
            return;
        }
        forget();
        for (Consumer<CloseListener.Reason> s : closeSinks) {
            try {
                s.accept(reason);
            } catch (RuntimeException e) {
                LOG.warn("close sink failed", e);
            }
        }
    }

    // ---- calls ----

    /** The domain of a reply, its id remembered for {@link #domainId}. */
    private DomainRef ref(XdrStruct d) {
        DomainRef r = new DomainRef(d.getString("name"), d.getUuid("uuid"), d.getInt("id"));
        if (ids.size() >= MAX_IDS) {
            ids.clear();
        }
        ids.put(r.uuid(), r.id());
        return r;
    }

    /** The far side's id of {@code dom} may have changed: the next {@link #domainId} asks. */
    private void idChanged(DomainRef dom) {
        ids.remove(dom.uuid());
    }

    private DomainRef domainCall(String procedure, Object... namesAndValues) {
        return ref(call(procedure, namesAndValues).getStruct("dom"));
    }

    // ---- connection ----

    /** remoteConnectGetType: asked once, then remembered (the far side's driver does not change). */
    @Override
    public String type() {
        String t = type;
        if (t == null) {
            t = call("CONNECT_GET_TYPE").getString("type");
            type = t;
        }
        return t;
    }

    @Override
    public void close() {
        forget();
        // a close of our own is no loss to report (lost ignores CLIENT): without a listener the client
        // starts no event thread just to say so, which was a thread per open + close. Removed before
        // CONNECT_CLOSE, whose reply the far side follows with its end of the socket (EOF)
        try {
            lostListener.close();
        } catch (Exception e) {
            LOG.debug("removing the close listener of {}", uri, e);
        }
        try {
            if (client.isOpen()) {
                // CONNECT_CLOSE alone, as libvirt's client closes (doRemoteClose): the far side drops a
                // closing client's event and close callbacks itself (libvirtd's remoteClientFreePrivateCallbacks,
                // jvirt's ClientSession.close), so deregistering them first would be round trips for nothing
                forgetCallbacks();
                call("CONNECT_CLOSE");
            }
        } catch (VirtException e) {
            LOG.debug("closing {}: {}", uri, e.getMessage());
        } finally {
            client.close();
        }
    }

    @Override
    public long hypervisorVersion() {
        return call("CONNECT_GET_VERSION").getLong("hv_ver");
    }

    @Override
    public String hostname() {
        return call("CONNECT_GET_HOSTNAME").getString("hostname");
    }

    @Override
    public String capabilities() {
        return call("CONNECT_GET_CAPABILITIES").getString("capabilities");
    }

    @Override
    public NodeInfo nodeInfo() {
        XdrStruct r = call("NODE_GET_INFO");
        return new NodeInfo(r.getString("model"), r.getLong("memory"), r.getInt("cpus"), r.getInt("mhz"), r.getInt("nodes"),
            r.getInt("sockets"), r.getInt("cores"), r.getInt("threads"));
    }

    @Override
    public int maxVcpus(String type) {
        return call("CONNECT_GET_MAX_VCPUS", "type", type).getInt("max_vcpus");
    }

    /** remoteConnectIsSecure: the far side's answer, and only over a transport that is secure itself. */
    @Override
    public boolean isSecure() {
        return client.isSecure() && call("CONNECT_IS_SECURE").getInt("secure") != 0;
    }

    /** remoteConnectIsEncrypted: what this side's transport does (TLS, SSH); a UNIX socket is not encrypted. */
    @Override
    public boolean isEncrypted() {
        return client.isEncrypted();
    }

    @Override
    public AutoCloseable subscribeClose(Consumer<CloseListener.Reason> sink) {
        closeSinks.add(sink);
        registerCloseCallback();
        return () -> closeSinks.remove(sink);
    }

    /**
     * Registers the close callback on the far side with the first close sink, as libvirt's client
     * does when its application registers one (remoteConnectRegisterCloseCallback), not at every
     * open: the far side reports its own end of the connection through it (CONNECT_EVENT_CONNECTION_CLOSED).
     * A refusal leaves the sinks served by what this side sees (the socket's end, keepalive).
     */
    private synchronized void registerCloseCallback() {
        if (!closeCallback || closeRegistered || !client.isOpen()) {
            return;
        }
        closeRegistered = true;
        try {
            call("CONNECT_REGISTER_CLOSE_CALLBACK");
        } catch (VirtException e) {
            LOG.debug("{} refused the close callback: {}", uri, e.getMessage());
        }
    }

    // ---- domains: listings and lookups ----

    @Override
    public List<DomainRef> listAllDomains(int flags) {
        XdrStruct r = call("CONNECT_LIST_ALL_DOMAINS", "need_results", 1, "flags", flags);
        List<DomainRef> out = new ArrayList<>();
        for (Object d : r.getList("domains")) {
            out.add(ref((XdrStruct) d));
        }
        return out;
    }

    @Override
    public int numOfDomains() {
        return call("CONNECT_NUM_OF_DOMAINS").getInt("num");
    }

    @Override
    public int numOfDefinedDomains() {
        return call("CONNECT_NUM_OF_DEFINED_DOMAINS").getInt("num");
    }

    @Override
    public DomainRef lookupByName(String name) {
        return domainCall("DOMAIN_LOOKUP_BY_NAME", "name", name);
    }

    @Override
    public DomainRef lookupByUuid(UUID uuid) {
        return domainCall("DOMAIN_LOOKUP_BY_UUID", "uuid", uuid);
    }

    @Override
    public DomainRef lookupById(int id) {
        return domainCall("DOMAIN_LOOKUP_BY_ID", "id", id);
    }

    /** virDomainDefineXML is procedure 11; with flags, virDomainDefineXMLFlags (350) as libvirt's client. */
    @Override
    public DomainRef defineXml(String xml, int flags) {
        return flags == 0 ? domainCall("DOMAIN_DEFINE_XML", "xml", xml)
            : domainCall("DOMAIN_DEFINE_XML_FLAGS", "xml", xml, "flags", flags);
    }

    @Override
    public DomainRef createXml(String xml, int flags) {
        return domainCall("DOMAIN_CREATE_XML", "xml_desc", xml, "flags", flags);
    }

    @Override
    public String domainXmlFromNative(String format, String config) {
        return call("CONNECT_DOMAIN_XML_FROM_NATIVE", "nativeFormat", format, "nativeConfig", config, "flags", 0)
            .getString("domainXml");
    }

    @Override
    public String domainXmlToNative(String format, String xml) {
        return call("CONNECT_DOMAIN_XML_TO_NATIVE", "nativeFormat", format, "domainXml", xml, "flags", 0)
            .getString("nativeConfig");
    }

    // ---- events ----

    /**
     * Registers a lifecycle callback on the far side (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY, for
     * every domain) and hands its messages to {@code sink}; closing deregisters it. A server without
     * the event-callback feature (libvirt before 1.2.1) is not served: NO_SUPPORT.
     */
    @Override
    public AutoCloseable subscribeDomainEvents(Consumer<DomainEvent> sink) {
        return register(domainCallbacks, "virConnectDomainEventRegisterAny",
            sink, EVENT_ID_LIFECYCLE);
    }

    private void lifecycle(XdrStruct m) {
        int id = m.getInt("callbackID");
        XdrStruct msg = m.getStruct("msg");
        XdrStruct dom = msg.getStruct("dom");
        int type = msg.getInt("event");
        DomainEventType[] types = DomainEventType.values();
        if (type < 0 || type >= types.length) {
            LOG.debug("lifecycle event of unknown type {} from {} dropped", type, uri);
            return;
        }
        ids.remove(dom.getUuid("uuid"));
        domainCallbacks.deliver(id, new DomainEvent(dom.getString("name"), dom.getUuid("uuid"), dom.getInt("id"), types[type],
            msg.getInt("detail")));
    }

    // ---- one domain ----

    /** The id the far side last reported for the domain ({@link #ids}); asked when unknown or changed since. */
    @Override
    public int domainId(DomainRef dom) {
        Integer known = ids.get(dom.uuid());
        return known != null ? known : lookupByUuid(dom.uuid()).id();
    }

    @Override
    public String domainOsType(DomainRef dom) {
        return call("DOMAIN_GET_OS_TYPE", "dom", wire(dom)).getString("type");
    }

    @Override
    public DomainInfo domainInfo(DomainRef dom) {
        XdrStruct r = call("DOMAIN_GET_INFO", "dom", wire(dom));
        return new DomainInfo(DomainState.fromNumber(r.getInt("state")), r.getLong("maxMem"), r.getLong("memory"),
            r.getInt("nrVirtCpu"), r.getLong("cpuTime"));
    }

    @Override
    public StateReason domainState(DomainRef dom) {
        XdrStruct r = call("DOMAIN_GET_STATE", "dom", wire(dom), "flags", 0);
        return new StateReason(DomainState.fromNumber(r.getInt("state")), r.getInt("reason"));
    }

    @Override
    public boolean domainIsActive(DomainRef dom) {
        return call("DOMAIN_IS_ACTIVE", "dom", wire(dom)).getInt("active") != 0;
    }

    @Override
    public boolean domainIsPersistent(DomainRef dom) {
        return call("DOMAIN_IS_PERSISTENT", "dom", wire(dom)).getInt("persistent") != 0;
    }

    @Override
    public boolean domainIsUpdated(DomainRef dom) {
        return call("DOMAIN_IS_UPDATED", "dom", wire(dom)).getInt("updated") != 0;
    }

    @Override
    public boolean domainHasManagedSaveImage(DomainRef dom) {
        return call("DOMAIN_HAS_MANAGED_SAVE_IMAGE", "dom", wire(dom), "flags", 0).getInt("result") != 0;
    }

    @Override
    public String domainXmlDesc(DomainRef dom, int flags) {
        return call("DOMAIN_GET_XML_DESC", "dom", wire(dom), "flags", flags).getString("xml");
    }

    /** virDomainCreate is procedure 9 (void: the id is looked up again by the core); with flags, 196. */
    @Override
    public void domainCreate(DomainRef dom, int flags) {
        try {
            if (flags == 0) {
                call("DOMAIN_CREATE", "dom", wire(dom));
            } else {
                call("DOMAIN_CREATE_WITH_FLAGS", "dom", wire(dom), "flags", flags);
            }
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public void domainShutdown(DomainRef dom, int flags) {
        try {
            if (flags == 0) {
                call("DOMAIN_SHUTDOWN", "dom", wire(dom));
            } else {
                call("DOMAIN_SHUTDOWN_FLAGS", "dom", wire(dom), "flags", flags);
            }
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public void domainReboot(DomainRef dom, int flags) {
        try {
            call("DOMAIN_REBOOT", "dom", wire(dom), "flags", flags);
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public void domainReset(DomainRef dom) {
        call("DOMAIN_RESET", "dom", wire(dom), "flags", 0);
    }

    @Override
    public void domainDestroy(DomainRef dom, int flags) {
        try {
            if (flags == 0) {
                call("DOMAIN_DESTROY", "dom", wire(dom));
            } else {
                call("DOMAIN_DESTROY_FLAGS", "dom", wire(dom), "flags", flags);
            }
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public void domainSuspend(DomainRef dom) {
        call("DOMAIN_SUSPEND", "dom", wire(dom));
    }

    @Override
    public void domainResume(DomainRef dom) {
        call("DOMAIN_RESUME", "dom", wire(dom));
    }

    @Override
    public void domainUndefine(DomainRef dom, int flags) {
        try {
            if (flags == 0) {
                call("DOMAIN_UNDEFINE", "dom", wire(dom));
            } else {
                call("DOMAIN_UNDEFINE_FLAGS", "dom", wire(dom), "flags", flags);
            }
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public boolean domainAutostart(DomainRef dom) {
        return call("DOMAIN_GET_AUTOSTART", "dom", wire(dom)).getInt("autostart") != 0;
    }

    @Override
    public void domainSetAutostart(DomainRef dom, boolean autostart) {
        call("DOMAIN_SET_AUTOSTART", "dom", wire(dom), "autostart", autostart ? 1 : 0);
    }

    @Override
    public void domainSetMemory(DomainRef dom, long kib, int flags) {
        if (flags == 0) {
            call("DOMAIN_SET_MEMORY", "dom", wire(dom), "memory", kib);
        } else {
            call("DOMAIN_SET_MEMORY_FLAGS", "dom", wire(dom), "memory", kib, "flags", flags);
        }
    }

    @Override
    public void domainSetMaxMemory(DomainRef dom, long kib) {
        call("DOMAIN_SET_MAX_MEMORY", "dom", wire(dom), "memory", kib);
    }

    @Override
    public void domainSetVcpus(DomainRef dom, int count, int flags) {
        if (flags == 0) {
            call("DOMAIN_SET_VCPUS", "dom", wire(dom), "nvcpus", count);
        } else {
            call("DOMAIN_SET_VCPUS_FLAGS", "dom", wire(dom), "nvcpus", count, "flags", flags);
        }
    }

    @Override
    public void domainAttachDevice(DomainRef dom, String xml, int flags) {
        call("DOMAIN_ATTACH_DEVICE_FLAGS", "dom", wire(dom), "xml", xml, "flags", flags);
    }

    @Override
    public void domainDetachDevice(DomainRef dom, String xml, int flags) {
        call("DOMAIN_DETACH_DEVICE_FLAGS", "dom", wire(dom), "xml", xml, "flags", flags);
    }

    @Override
    public void domainUpdateDevice(DomainRef dom, String xml, int flags) {
        call("DOMAIN_UPDATE_DEVICE_FLAGS", "dom", wire(dom), "xml", xml, "flags", flags);
    }

    @Override
    public String domainMetadata(DomainRef dom, int type, String uri, int flags) {
        return call("DOMAIN_GET_METADATA", "dom", wire(dom), "type", type, "uri", uri, "flags", flags).getString("metadata");
    }

    @Override
    public void domainSetMetadata(DomainRef dom, int type, String value, String key, String uri, int flags) {
        call("DOMAIN_SET_METADATA", "dom", wire(dom), "type", type, "metadata", value, "key", key, "uri", uri, "flags", flags);
    }

    @Override
    public void domainRename(DomainRef dom, String newName) {
        call("DOMAIN_RENAME", "dom", wire(dom), "new_name", newName, "flags", 0);
    }

    @Override
    public void domainManagedSave(DomainRef dom) {
        try {
            call("DOMAIN_MANAGED_SAVE", "dom", wire(dom), "flags", 0);
        } finally {
            idChanged(dom);
        }
    }

    @Override
    public void domainManagedSaveRemove(DomainRef dom) {
        call("DOMAIN_MANAGED_SAVE_REMOVE", "dom", wire(dom), "flags", 0);
    }

    /**
     * remoteDomainOpenConsole: the stream is registered, then the call (201) carries it; the flags
     * (SAFE, FORCE) and the device name go to the far side, whose refusals ("domain is not
     * running", "Active console session exists for this domain", "cannot find character device")
     * come back with its code and words.
     */
    @Override
    public io.jvirt.api.DomainConsole domainOpenConsole(DomainRef dom, String devName, int flags) {
        return new RemoteConsole(client.openInteractiveStream("DOMAIN_OPEN_CONSOLE",
            XdrStruct.of("domain_open_console_args", "dom", wire(dom), "dev_name", devName, "flags", flags)));
    }

    @Override
    public String domainHostname(DomainRef dom, int flags) {
        return call("DOMAIN_GET_HOSTNAME", "dom", wire(dom), "flags", flags).getString("hostname");
    }

    @Override
    public String toString() {
        return "RemoteConnection[" + uri + " via " + client.describe() + "]";
    }
}
