package io.jvirt.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.ConnectFlag;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.CreateFlag;
import io.jvirt.api.DefineFlag;
import io.jvirt.api.DestroyFlag;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainInfo;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.HostnameFlag;
import io.jvirt.api.ListFilter;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.MetadataType;
import io.jvirt.api.ModificationImpact;
import io.jvirt.api.NetworkCreateFlag;
import io.jvirt.api.NetworkDefineFlag;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.api.NodeInfo;
import io.jvirt.api.Registration;
import io.jvirt.api.ShutdownFlag;
import io.jvirt.api.StateReason;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolBuildFlag;
import io.jvirt.api.StoragePoolCreateFlag;
import io.jvirt.api.StoragePoolDefineFlag;
import io.jvirt.api.StoragePoolDeleteFlag;
import io.jvirt.api.StoragePoolInfo;
import io.jvirt.api.StoragePoolListFilter;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.StorageVolDeleteFlag;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;
import io.jvirt.api.StorageVolResizeFlag;
import io.jvirt.api.StorageVolWipeAlgorithm;
import io.jvirt.api.StorageXmlFlag;
import io.jvirt.api.UndefineFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.core.kit.rpc.CStrings;
import io.jvirt.core.kit.rpc.MessageStatus;
import io.jvirt.core.kit.rpc.MessageType;
import io.jvirt.core.kit.rpc.Procedure;
import io.jvirt.core.kit.rpc.Program;
import io.jvirt.core.kit.rpc.ProtocolDescription;
import io.jvirt.core.kit.rpc.RemoteError;
import io.jvirt.core.kit.rpc.RpcHeader;
import io.jvirt.core.kit.rpc.RpcMessage;
import io.jvirt.core.kit.rpc.RpcProtocolException;
import io.jvirt.core.kit.rpc.XdrStruct;

/**
 * The REMOTE program's procedures on the jvirt API, as libvirtd's remote_daemon_dispatch.c serves
 * them: one handler per procedure of the description that jvirt supports; a procedure the
 * description has but the API has not answers NO_SUPPORT (clients fall back as with libvirtd), one
 * it has not answers as libvirtd answers an unknown procedure. Every change is logged with the
 * client's identity.
 */
final class RemoteDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteDispatcher.class);

    /**
     * What CONNECT_GET_LIB_VERSION answers: libvirt 9.0.0, whose remote_protocol.x the protocol
     * description follows (every procedure of 9.0 by number) and whose client and daemon the tests
     * run against.
     */
    static final long LIBVIRT_LIB_VERSION = 9_000_000;

    /** remote_protocol.x's cap on the leases one reply carries. */
    static final int REMOTE_NETWORK_DHCP_LEASES_MAX = 65536;

    /** virDrvFeature numbers the server answers itself (libvirt_internal.h). */
    static final int FEATURE_PROGRAM_KEEPALIVE = 10;
    static final int FEATURE_REMOTE_EVENT_CALLBACK = 14;
    static final int FEATURE_REMOTE_CLOSE_CALLBACK = 15;
    /** VIR_DRV_FEATURE_TYPED_PARAM_STRING: the API takes and gives string parameters (blkio device lists). */
    static final int FEATURE_TYPED_PARAM_STRING = 9;
    /** VIR_DOMAIN_EVENT_ID_LIFECYCLE and VIR_DOMAIN_EVENT_ID_LAST of libvirt 9.0. */
    static final int EVENT_ID_LIFECYCLE = 0;
    static final int EVENT_ID_LAST = 27;
    /** VIR_CONNECT_RO. */
    static final int CONNECT_RO = 1;
    /** Procedures allowed before CONNECT_OPEN (libvirtd: authentication and feature probes). */
    private static final Set<String> BEFORE_OPEN = Set.of("AUTH_LIST", "CONNECT_OPEN", "CONNECT_SUPPORTS_FEATURE",
        "CONNECT_CLOSE");

    @FunctionalInterface
    interface Handler {
        XdrStruct handle(ClientSession client, Connection conn, XdrStruct args);
    }

    private record Entry(Handler handler, boolean change) {
    }

    /** Procedures the event loop answers itself ({@link #answersAtOnce}). */
    private static final Set<String> AT_ONCE = Set.of("AUTH_LIST", "CONNECT_SUPPORTS_FEATURE",
        "CONNECT_REGISTER_CLOSE_CALLBACK", "CONNECT_UNREGISTER_CLOSE_CALLBACK");
    private final Connector connector;
    private final ProtocolDescription protocol = ProtocolDescription.libvirt();
    private final Program remote = protocol.program("REMOTE");
    private final Map<String, Entry> handlers = new HashMap<>();

    RemoteDispatcher(Connector connector) {
        this.connector = connector;
        connectProcedures();
        domainProcedures();
        networkProcedures();
        storageProcedures();
        StreamProcedures.register(this);
        ObjectEventProcedures.register(this);
        DomainTuningProcedures.register(this);
        CheckpointProcedures.register(this);
        SnapshotProcedures.register(this);
        DomainStatsProcedures.register(this);
        IoThreadProcedures.register(this);
        BlkioProcedures.register(this);
        CpuStatsProcedures.register(this);
        NodeProcedures.register(this);
        for (String name : handlers.keySet()) {
            remote.procedure(name); // every handler names a procedure of the description
        }
    }

    void read(String name, Handler h) {
        handlers.put(name, new Entry(h, false));
    }

    void change(String name, Handler h) {
        handlers.put(name, new Entry(h, true));
    }

    // ---- dispatch ----

    /**
     * Whether a call needs nothing but the client's own state (no driver, nothing that may wait):
     * the event loop answers it itself. These are the trivial steps of every client's open.
     */
    boolean answersAtOnce(RpcHeader h) {
        if (h.program() != remote.number() || h.version() != remote.version() || h.type() != MessageType.CALL
            || h.status() != MessageStatus.OK) {
            return false;
        }
        Procedure p = remote.procedure(h.procedure());
        return p != null && AT_ONCE.contains(p.name());
    }

    void dispatch(ClientSession client, RpcMessage call) {
        RpcHeader h = call.header();
        Program prog = protocol.program(h.program());
        if (prog != remote || h.version() != remote.version()) {
            reply(client, h, RemoteError.unknownProgram(h.program(), h.version()));
            return;
        }
        if (h.type() != MessageType.CALL) {
            reply(client, h, rpcError("Unexpected message type " + h.type().number()));
            return;
        }
        if (h.status() != MessageStatus.OK) {
            reply(client, h, rpcError("Unexpected message status " + h.status().number()));
            return;
        }
        Procedure p = remote.procedure(h.procedure());
        if (p == null || p.event()) {
            reply(client, h, RemoteError.unknownProcedure(h.procedure()));
            return;
        }
        if (!p.described()) {
            if (client.connection() == null) {
                reply(client, h, RemoteError.of(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "hypervisor connection not open"));
            } else {
                reply(client, h, RemoteError.of(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, apiFunction(p.name())));
            }
            return;
        }
        XdrStruct args;
        try {
            args = p.decodeArgs(call.payload());
        } catch (RpcProtocolException e) {
            LOG.debug("{}: undecodable {}: {}", client, p, e.getMessage());
            reply(client, h, rpcError("Unable to decode message payload"));
            return;
        }
        Entry e = handlers.get(p.name());
        boolean answered = false;
        client.streams().callStarting(h);
        try {
            Connection conn = client.connection();
            if (conn == null && !BEFORE_OPEN.contains(p.name())) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "hypervisor connection not open");
            }
            if (e == null) {
                throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, apiFunction(p.name()));
            }
            XdrStruct ret = e.handler().handle(client, conn, args);
            if (e.change()) {
                // a define or create names its domain in the reply; written before the reply, so that a
                // client's change lines are in the order of its changes
                String what = describe(args);
                LOG.info("{}: {} {}", client, p.name(), ret != null && what.isEmpty() ? describe(ret) : what);
            }
            client.send(new RpcMessage(h.reply(MessageStatus.OK), p.encodeRet(ret)));
            answered = true;
        } catch (VirtException ex) {
            if (e != null && e.change()) {
                LOG.info("{}: {} {} refused: {}", client, p.name(), describe(args), ex.getMessage());
            }
            reply(client, h, RemoteError.of(ex));
        } catch (RpcProtocolException ex) {
            LOG.warn("{}: {} could not be answered: {}", client, p.name(), ex.getMessage());
            reply(client, h, rpcError(ex.getMessage()));
        } catch (RuntimeException ex) {
            LOG.warn("{}: {} failed", client, p.name(), ex);
            reply(client, h, RemoteError.of(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, String.valueOf(ex.getMessage())));
        } finally {
            client.streams().callAnswered(answered); // a stream the call opened starts after its reply
        }
    }

    private static void reply(ClientSession client, RpcHeader call, RemoteError err) {
        client.send(new RpcMessage(call.reply(MessageStatus.ERROR), err.encode()));
    }

    private static RemoteError rpcError(String message) {
        return new RemoteError(ErrorCode.RPC.number(), ErrorDomain.RPC.number(), message, RemoteError.LEVEL_ERROR);
    }

    /**
     * Words libvirt's function names spell otherwise than capitalised (virDomainGetXMLDesc,
     * virNWFilterLookupByName, virDomainFSTrim, virDomainGetIOThreadInfo; but virDomainGetBlockIoTune):
     * checked for every procedure against libvirt-api.xml's functions (RemoteDispatcherNamesTest).
     */
    private static final Map<String, String> SPELLED = Map.ofEntries(Map.entry("XML", "XML"), Map.entry("UUID", "UUID"),
            Map.entry("ID", "ID"), Map.entry("OS", "OS"), Map.entry("URI", "URI"), Map.entry("CPU", "CPU"), Map.entry("PCI", "PCI"),
            Map.entry("DHCP", "DHCP"), Map.entry("MAC", "MAC"), Map.entry("NMI", "NMI"), Map.entry("PM", "PM"),
            Map.entry("SCSI", "SCSI"), Map.entry("WWN", "WWN"), Map.entry("FD", "FD"), Map.entry("SEV", "SEV"),
            Map.entry("SSH", "SSH"), Map.entry("NWFILTER", "NWFilter"), Map.entry("NWFILTERS", "NWFilters"),
            Map.entry("IOTHREAD", "IOThread"), Map.entry("FSTRIM", "FSTrim"), Map.entry("FSFREEZE", "FSFreeze"),
            Map.entry("FSTHAW", "FSThaw"), Map.entry("FSINFO", "FSInfo"));

    /** REMOTE_PROC_DOMAIN_SNAPSHOT_NUM -> virDomainSnapshotNum, the function NO_SUPPORT names as libvirt does. */
    static String apiFunction(String procedure) {
        StringBuilder b = new StringBuilder("vir");
        for (String w : procedure.split("_")) {
            String spelled = SPELLED.get(w);
            b.append(spelled != null ? spelled : w.charAt(0) + w.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return b.toString();
    }

    private static String describe(XdrStruct args) {
        XdrStruct dom = args.get("dom") instanceof XdrStruct d ? d : null;
        if (dom != null) {
            return "domain '" + dom.getString("name") + "'";
        }
        XdrStruct net = args.get("net") instanceof XdrStruct n ? n : null;
        if (net != null) {
            return "network '" + net.getString("name") + "'";
        }
        XdrStruct vol = args.get("vol") instanceof XdrStruct v ? v : null;
        if (vol != null) {
            return "volume '" + vol.getString("name") + "' of pool '" + vol.getString("pool") + "'";
        }
        XdrStruct pool = args.get("pool") instanceof XdrStruct q ? q : null;
        return pool != null ? "pool '" + pool.getString("name") + "'" : "";
    }

    // ---- values ----

    static XdrStruct dom(Domain d) {
        return XdrStruct.of("nonnull_domain", "name", d.name(), "uuid", d.uuid(), "id", d.id());
    }

    static XdrStruct net(Network n) {
        return XdrStruct.of("nonnull_network", "name", n.name(), "uuid", n.uuid());
    }

    /** libvirt's get_nonnull_domain: the client's handle names the domain by UUID. */
    private static Domain domain(Connection conn, XdrStruct args) {
        return conn.lookupByUuid(args.getStruct("dom").getUuid("uuid"));
    }

    private static Network network(Connection conn, XdrStruct args) {
        return conn.lookupNetworkByUuid(args.getStruct("net").getUuid("uuid"));
    }

    private static XdrStruct ret(Object... namesAndValues) {
        return XdrStruct.of("ret", namesAndValues);
    }

    private static int bool(boolean b) {
        return b ? 1 : 0;
    }

    // ---- connect ----

    private void connectProcedures() {
        read("AUTH_LIST", (c, conn, a) -> ret("types", List.of(0))); // REMOTE_AUTH_NONE
        read("CONNECT_OPEN", (c, conn, a) -> {
            if (conn != null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection already open");
            }
            int flags = a.getInt("flags");
            boolean ro = c.readOnlySocket() || (flags & CONNECT_RO) != 0;
            List<ConnectFlag> open = new ArrayList<>(List.of(WireFlags.of(ConnectFlag.class, flags, "virConnectOpen")));
            if (ro && !open.contains(ConnectFlag.READONLY)) {
                open.add(ConnectFlag.READONLY);
            }
            Connection opened = connector.openAuth(a.getString("name"), ConnectAuth.NONE, open.toArray(ConnectFlag[]::new));
            c.connection(opened);
            LOG.info("{}: opened {} ({})", c, opened.uri(), opened.isReadOnly() ? "read-only" : "read-write");
            return null;
        });
        read("CONNECT_CLOSE", (c, conn, a) -> {
            for (Registration r : c.callbacks().values()) {
                r.close();
            }
            c.callbacks().clear();
            c.connection(null);
            if (conn != null) {
                conn.close();
            }
            c.closeAfterReply(); // and its streams go with it, as in libvirtd
            return null;
        });
        read("CONNECT_SUPPORTS_FEATURE", (c, conn, a) -> {
            int feature = a.getInt("feature");
            if (feature == FEATURE_PROGRAM_KEEPALIVE) {
                c.enableKeepalive();
                return ret("supported", 1);
            }
            if (conn == null) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "hypervisor connection not open");
            }
            boolean yes = feature == FEATURE_REMOTE_EVENT_CALLBACK || feature == FEATURE_REMOTE_CLOSE_CALLBACK
                || feature == FEATURE_TYPED_PARAM_STRING;
            return ret("supported", bool(yes));
        });
        read("CONNECT_REGISTER_CLOSE_CALLBACK", (c, conn, a) -> null);
        read("CONNECT_UNREGISTER_CLOSE_CALLBACK", (c, conn, a) -> null);
        read("CONNECT_GET_TYPE", (c, conn, a) -> ret("type", conn.type()));
        read("CONNECT_GET_VERSION", (c, conn, a) -> ret("hv_ver", conn.hypervisorVersion()));
        // the libvirt release whose protocol and API the server serves, not jvirt's own version: clients
        // gate features on it (OpenStack's libvirt driver refuses a daemon older than its minimum)
        read("CONNECT_GET_LIB_VERSION", (c, conn, a) -> ret("lib_ver", LIBVIRT_LIB_VERSION));
        read("CONNECT_GET_HOSTNAME", (c, conn, a) -> ret("hostname", conn.hostname()));
        read("CONNECT_GET_URI", (c, conn, a) -> ret("uri", conn.uri()));
        read("CONNECT_GET_CAPABILITIES", (c, conn, a) -> ret("capabilities", conn.capabilities()));
        read("CONNECT_GET_MAX_VCPUS", (c, conn, a) -> ret("max_vcpus", conn.maxVcpus(a.getString("type"))));
        read("CONNECT_IS_SECURE", (c, conn, a) -> ret("secure", bool(conn.isSecure())));
        // libvirt sends the model, DOI and label as char arrays holding the C string with its NUL
        read("NODE_GET_SECURITY_MODEL", (c, conn, a) -> {
            io.jvirt.api.SecurityModel m = conn.securityModel();
            return ret("model", CStrings.toChars(m.model(), 257), "doi", CStrings.toChars(m.doi(), 257));
        });
        read("DOMAIN_GET_SECURITY_LABEL", (c, conn, a) -> {
            io.jvirt.api.SecurityLabel l = domain(conn, a).securityLabel();
            return ret("label", CStrings.toChars(l.label(), 4097), "enforcing", l.enforcing() ? 1 : 0);
        });
        read("NODE_GET_INFO", (c, conn, a) -> {
            NodeInfo n = conn.nodeInfo();
            String model = n.model().length() > 31 ? n.model().substring(0, 31) : n.model();
            return ret("model", model, "memory", n.memoryKiB(), "cpus", n.cpus(), "mhz", n.mhz(), "nodes", n.nodes(),
                "sockets", n.sockets(), "cores", n.cores(), "threads", n.threads());
        });
        read("CONNECT_LIST_ALL_DOMAINS", (c, conn, a) -> {
            List<Domain> all = conn.listAllDomains(WireFlags.of(ListFilter.class, a.getInt("flags"), "virConnectListAllDomains"));
            List<Object> doms = new ArrayList<>(a.getInt("need_results") != 0 ? all.size() : 0);
            if (a.getInt("need_results") != 0) {
                for (Domain d : all) {
                    doms.add(dom(d));
                }
            }
            return ret("domains", doms, "ret", all.size());
        });
        read("CONNECT_NUM_OF_DOMAINS", (c, conn, a) -> ret("num", conn.numOfDomains()));
        read("CONNECT_NUM_OF_DEFINED_DOMAINS", (c, conn, a) -> ret("num", conn.numOfDefinedDomains()));
        read("CONNECT_LIST_DOMAINS", (c, conn, a) -> {
            List<Object> ids = new ArrayList<>();
            for (Domain d : conn.listAllDomains(ListFilter.ACTIVE)) {
                if (ids.size() < a.getInt("maxids")) {
                    ids.add(d.id());
                }
            }
            return ret("ids", ids);
        });
        read("CONNECT_LIST_DEFINED_DOMAINS", (c, conn, a) -> {
            List<Object> names = new ArrayList<>();
            for (Domain d : conn.listAllDomains(ListFilter.INACTIVE)) {
                if (names.size() < a.getInt("maxnames")) {
                    names.add(d.name());
                }
            }
            return ret("names", names);
        });
        read("CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY", (c, conn, a) -> {
            int eventId = a.getInt("eventID");
            if (eventId < 0 || eventId >= EVENT_ID_LAST) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.RPC, "unsupported event ID " + eventId);
            }
            XdrStruct filter = a.getStruct("dom");
            int id = c.nextCallbackId();
            Registration reg;
            if (eventId == EVENT_ID_LIFECYCLE) {
                io.jvirt.api.DomainEventListener l = (cn, d, ev) -> c.send(new RpcMessage(
                    remote.message(remote.procedure("DOMAIN_EVENT_CALLBACK_LIFECYCLE")),
                    remote.procedure("DOMAIN_EVENT_CALLBACK_LIFECYCLE").encodeArgs(XdrStruct.of("msg", "callbackID", id,
                        "msg", XdrStruct.of("domain_event_lifecycle_msg", "dom", XdrStruct.of("nonnull_domain",
                            "name", ev.name(), "uuid", ev.uuid(), "id", ev.id()), "event", ev.type().number(),
                            "detail", ev.detail())))));
                reg = filter == null ? conn.addDomainEventListener(l)
                    : conn.addDomainEventListener(conn.lookupByUuid(filter.getUuid("uuid")), l);
            } else {
                // the API emits no event of this kind: the callback is kept (virsh event --all
                // registers every ID) and never fires
                reg = () -> { };
            }
            EventCallback.add(c, id, EventCallback.DOMAIN, reg);
            return ret("callbackID", id);
        });
        read("CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY", (c, conn, a) -> {
            EventCallback.remove(c, a.getInt("callbackID"), EventCallback.DOMAIN);
            return null;
        });
    }

    // ---- domains ----

    private void domainProcedures() {
        read("DOMAIN_LOOKUP_BY_NAME", (c, conn, a) -> ret("dom", dom(conn.lookupByName(a.getString("name")))));
        read("DOMAIN_LOOKUP_BY_ID", (c, conn, a) -> ret("dom", dom(conn.lookupById(a.getInt("id")))));
        read("DOMAIN_LOOKUP_BY_UUID", (c, conn, a) -> ret("dom", dom(conn.lookupByUuid(a.getUuid("uuid")))));
        read("DOMAIN_GET_INFO", (c, conn, a) -> {
            DomainInfo i = domain(conn, a).info();
            return ret("state", i.state().ordinal(), "maxMem", i.maxMemoryKiB(), "memory", i.memoryKiB(),
                "nrVirtCpu", i.vcpus(), "cpuTime", i.cpuTimeNs());
        });
        read("DOMAIN_GET_STATE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainGetState");
            StateReason s = domain(conn, a).state();
            return ret("state", s.state().ordinal(), "reason", s.reason());
        });
        read("DOMAIN_GET_MAX_MEMORY", (c, conn, a) -> ret("memory", domain(conn, a).info().maxMemoryKiB()));
        read("DOMAIN_GET_XML_DESC", (c, conn, a) -> ret("xml",
            domain(conn, a).xmlDesc(WireFlags.of(XmlFlag.class, a.getInt("flags"), "virDomainGetXMLDesc"))));
        read("DOMAIN_GET_OS_TYPE", (c, conn, a) -> ret("type", domain(conn, a).osType()));
        read("DOMAIN_GET_AUTOSTART", (c, conn, a) -> ret("autostart", bool(domain(conn, a).autostart())));
        read("DOMAIN_IS_ACTIVE", (c, conn, a) -> ret("active", bool(domain(conn, a).isActive())));
        read("DOMAIN_IS_PERSISTENT", (c, conn, a) -> ret("persistent", bool(domain(conn, a).isPersistent())));
        read("DOMAIN_IS_UPDATED", (c, conn, a) -> ret("updated", bool(domain(conn, a).isUpdated())));
        read("DOMAIN_HAS_MANAGED_SAVE_IMAGE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainHasManagedSaveImage");
            return ret("result", bool(domain(conn, a).hasManagedSaveImage()));
        });
        change("DOMAIN_SET_AUTOSTART", (c, conn, a) -> {
            domain(conn, a).setAutostart(a.getInt("autostart") != 0);
            return null;
        });
        change("DOMAIN_CREATE", (c, conn, a) -> {
            domain(conn, a).create();
            return null;
        });
        change("DOMAIN_CREATE_WITH_FLAGS", (c, conn, a) -> {
            Domain d = domain(conn, a);
            d.create(WireFlags.of(CreateFlag.class, a.getInt("flags"), "virDomainCreateWithFlags"));
            return ret("dom", dom(conn.lookupByUuid(d.uuid())));
        });
        change("DOMAIN_CREATE_XML", (c, conn, a) -> ret("dom", dom(conn.createXml(a.getString("xml_desc"),
            WireFlags.of(CreateFlag.class, a.getInt("flags"), "virDomainCreateXML")))));
        change("DOMAIN_DEFINE_XML", (c, conn, a) -> ret("dom", dom(conn.defineXml(a.getString("xml")))));
        change("DOMAIN_DEFINE_XML_FLAGS", (c, conn, a) -> ret("dom", dom(conn.defineXml(a.getString("xml"),
            WireFlags.of(DefineFlag.class, a.getInt("flags"), "virDomainDefineXMLFlags")))));
        change("DOMAIN_DESTROY", (c, conn, a) -> {
            domain(conn, a).destroy();
            return null;
        });
        change("DOMAIN_DESTROY_FLAGS", (c, conn, a) -> {
            domain(conn, a).destroy(WireFlags.of(DestroyFlag.class, a.getInt("flags"), "virDomainDestroyFlags"));
            return null;
        });
        change("DOMAIN_SHUTDOWN", (c, conn, a) -> {
            domain(conn, a).shutdown();
            return null;
        });
        change("DOMAIN_SHUTDOWN_FLAGS", (c, conn, a) -> {
            domain(conn, a).shutdown(WireFlags.of(ShutdownFlag.class, a.getInt("flags"), "virDomainShutdownFlags"));
            return null;
        });
        change("DOMAIN_REBOOT", (c, conn, a) -> {
            domain(conn, a).reboot(WireFlags.of(ShutdownFlag.class, a.getInt("flags"), "virDomainReboot"));
            return null;
        });
        change("DOMAIN_RESET", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainReset");
            domain(conn, a).reset();
            return null;
        });
        change("DOMAIN_SUSPEND", (c, conn, a) -> {
            domain(conn, a).suspend();
            return null;
        });
        change("DOMAIN_RESUME", (c, conn, a) -> {
            domain(conn, a).resume();
            return null;
        });
        change("DOMAIN_UNDEFINE", (c, conn, a) -> {
            domain(conn, a).undefine();
            return null;
        });
        change("DOMAIN_UNDEFINE_FLAGS", (c, conn, a) -> {
            domain(conn, a).undefine(WireFlags.of(UndefineFlag.class, a.getInt("flags"), "virDomainUndefineFlags"));
            return null;
        });
        domainTuning();
    }

    private static ModificationImpact[] impact(XdrStruct a, String function) {
        return WireFlags.of(ModificationImpact.class, a.getInt("flags"), function);
    }

    private void domainTuning() {
        change("DOMAIN_SET_MAX_MEMORY", (c, conn, a) -> {
            domain(conn, a).setMaxMemory(a.getLong("memory"));
            return null;
        });
        change("DOMAIN_SET_MEMORY", (c, conn, a) -> {
            domain(conn, a).setMemory(a.getLong("memory"));
            return null;
        });
        change("DOMAIN_SET_MEMORY_FLAGS", (c, conn, a) -> {
            domain(conn, a).setMemory(a.getLong("memory"), impact(a, "virDomainSetMemoryFlags"));
            return null;
        });
        change("DOMAIN_SET_VCPUS", (c, conn, a) -> {
            domain(conn, a).setVcpus(a.getInt("nvcpus"));
            return null;
        });
        change("DOMAIN_SET_VCPUS_FLAGS", (c, conn, a) -> {
            domain(conn, a).setVcpus(a.getInt("nvcpus"), impact(a, "virDomainSetVcpusFlags"));
            return null;
        });
        change("DOMAIN_ATTACH_DEVICE", (c, conn, a) -> {
            domain(conn, a).attachDevice(a.getString("xml"));
            return null;
        });
        change("DOMAIN_ATTACH_DEVICE_FLAGS", (c, conn, a) -> {
            domain(conn, a).attachDevice(a.getString("xml"), impact(a, "virDomainAttachDeviceFlags"));
            return null;
        });
        change("DOMAIN_DETACH_DEVICE", (c, conn, a) -> {
            domain(conn, a).detachDevice(a.getString("xml"));
            return null;
        });
        change("DOMAIN_DETACH_DEVICE_FLAGS", (c, conn, a) -> {
            domain(conn, a).detachDevice(a.getString("xml"), impact(a, "virDomainDetachDeviceFlags"));
            return null;
        });
        change("DOMAIN_UPDATE_DEVICE_FLAGS", (c, conn, a) -> {
            domain(conn, a).updateDevice(a.getString("xml"), impact(a, "virDomainUpdateDeviceFlags"));
            return null;
        });
        change("DOMAIN_MANAGED_SAVE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainManagedSave");
            domain(conn, a).managedSave();
            return null;
        });
        change("DOMAIN_MANAGED_SAVE_REMOVE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainManagedSaveRemove");
            domain(conn, a).managedSaveRemove();
            return null;
        });
        change("DOMAIN_RENAME", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainRename");
            domain(conn, a).rename(a.getString("new_name"));
            return ret("retcode", 0);
        });
        change("DOMAIN_SET_METADATA", (c, conn, a) -> {
            domain(conn, a).setMetadata(metadataType(a.getInt("type")), a.getString("metadata"), a.getString("key"),
                a.getString("uri"), impact(a, "virDomainSetMetadata"));
            return null;
        });
        read("DOMAIN_GET_METADATA", (c, conn, a) -> ret("metadata", domain(conn, a).metadata(metadataType(a.getInt("type")),
            a.getString("uri"), impact(a, "virDomainGetMetadata"))));
        read("DOMAIN_GET_HOSTNAME", (c, conn, a) -> ret("hostname",
            domain(conn, a).hostname(WireFlags.of(HostnameFlag.class, a.getInt("flags"), "virDomainGetHostname"))));
        read("DOMAIN_MEMORY_STATS", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virDomainMemoryStats");
            List<Object> stats = new ArrayList<>();
            for (MemoryStats.Stat st : domain(conn, a).memoryStats()) {
                if (stats.size() < a.getUnsignedInt("maxStats")) {
                    stats.add(XdrStruct.of("domain_memory_stat", "tag", st.tag().number(), "val", st.value()));
                }
            }
            return ret("stats", stats);
        });
        read("CONNECT_DOMAIN_XML_FROM_NATIVE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virConnectDomainXMLFromNative");
            return ret("domainXml", conn.domainXmlFromNative(a.getString("nativeFormat"), a.getString("nativeConfig")));
        });
        read("CONNECT_DOMAIN_XML_TO_NATIVE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virConnectDomainXMLToNative");
            return ret("nativeConfig", conn.domainXmlToNative(a.getString("nativeFormat"), a.getString("domainXml")));
        });
    }

    /** virDomainMetadataType: 0 DESCRIPTION, 1 TITLE, 2 ELEMENT. */
    private static MetadataType metadataType(int type) {
        if (type < 0 || type >= MetadataType.values().length) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN, "unknown metadata type '" + type + "'");
        }
        return MetadataType.values()[type];
    }

    // ---- storage ----

    static XdrStruct pool(StoragePool p) {
        return XdrStruct.of("nonnull_storage_pool", "name", p.name(), "uuid", p.uuid());
    }

    static XdrStruct vol(StorageVol v) {
        return XdrStruct.of("nonnull_storage_vol", "pool", v.poolName(), "name", v.name(), "key", v.key());
    }

    private static StoragePool storagePool(Connection conn, XdrStruct args) {
        return conn.lookupStoragePoolByUuid(args.getStruct("pool").getUuid("uuid"));
    }

    /** libvirt's get_nonnull_storage_vol: the volume by its pool's name and its own name. */
    static StorageVol storageVol(Connection conn, XdrStruct args) {
        XdrStruct v = args.getStruct("vol");
        return conn.lookupStoragePoolByName(v.getString("pool")).lookupVolumeByName(v.getString("name"));
    }

    private void storageProcedures() {
        read("CONNECT_LIST_ALL_STORAGE_POOLS", (c, conn, a) -> {
            List<StoragePool> all = conn.listAllStoragePools(
                WireFlags.of(StoragePoolListFilter.class, a.getInt("flags"), "virConnectListAllStoragePools"));
            List<Object> pools = new ArrayList<>();
            if (a.getInt("need_results") != 0) {
                for (StoragePool p : all) {
                    pools.add(pool(p));
                }
            }
            return ret("pools", pools, "ret", all.size());
        });
        read("CONNECT_NUM_OF_STORAGE_POOLS", (c, conn, a) -> ret("num", conn.numOfStoragePools()));
        read("CONNECT_NUM_OF_DEFINED_STORAGE_POOLS", (c, conn, a) -> ret("num", conn.numOfDefinedStoragePools()));
        read("STORAGE_POOL_LOOKUP_BY_NAME", (c, conn, a) -> ret("pool", pool(conn.lookupStoragePoolByName(a.getString("name")))));
        read("STORAGE_POOL_LOOKUP_BY_UUID", (c, conn, a) -> ret("pool", pool(conn.lookupStoragePoolByUuid(a.getUuid("uuid")))));
        read("STORAGE_POOL_LOOKUP_BY_VOLUME", (c, conn, a) -> ret("pool", pool(storageVol(conn, a).pool())));
        read("STORAGE_POOL_GET_INFO", (c, conn, a) -> {
            StoragePoolInfo i = storagePool(conn, a).info();
            return ret("state", i.state().number(), "capacity", i.capacity(), "allocation", i.allocation(),
                "available", i.available());
        });
        read("STORAGE_POOL_GET_XML_DESC", (c, conn, a) -> ret("xml",
            storagePool(conn, a).xmlDesc(WireFlags.of(StorageXmlFlag.class, a.getInt("flags"), "virStoragePoolGetXMLDesc"))));
        read("STORAGE_POOL_GET_AUTOSTART", (c, conn, a) -> ret("autostart", bool(storagePool(conn, a).autostart())));
        read("STORAGE_POOL_IS_ACTIVE", (c, conn, a) -> ret("active", bool(storagePool(conn, a).isActive())));
        read("STORAGE_POOL_IS_PERSISTENT", (c, conn, a) -> ret("persistent", bool(storagePool(conn, a).isPersistent())));
        read("STORAGE_POOL_NUM_OF_VOLUMES", (c, conn, a) -> ret("num", storagePool(conn, a).numOfVolumes()));
        read("STORAGE_POOL_LIST_ALL_VOLUMES", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virStoragePoolListAllVolumes");
            List<StorageVol> all = storagePool(conn, a).listAllVolumes();
            List<Object> vols = new ArrayList<>();
            if (a.getInt("need_results") != 0) {
                for (StorageVol v : all) {
                    vols.add(vol(v));
                }
            }
            return ret("vols", vols, "ret", all.size());
        });
        change("STORAGE_POOL_CREATE_XML", (c, conn, a) -> ret("pool", pool(conn.createStoragePoolXml(a.getString("xml"),
            WireFlags.of(StoragePoolCreateFlag.class, a.getInt("flags"), "virStoragePoolCreateXML")))));
        change("STORAGE_POOL_DEFINE_XML", (c, conn, a) -> ret("pool", pool(conn.defineStoragePoolXml(a.getString("xml"),
            WireFlags.of(StoragePoolDefineFlag.class, a.getInt("flags"), "virStoragePoolDefineXML")))));
        change("STORAGE_POOL_CREATE", (c, conn, a) -> {
            storagePool(conn, a).create(WireFlags.of(StoragePoolCreateFlag.class, a.getInt("flags"), "virStoragePoolCreate"));
            return null;
        });
        change("STORAGE_POOL_BUILD", (c, conn, a) -> {
            storagePool(conn, a).build(WireFlags.of(StoragePoolBuildFlag.class, a.getInt("flags"), "virStoragePoolBuild"));
            return null;
        });
        change("STORAGE_POOL_DESTROY", (c, conn, a) -> {
            storagePool(conn, a).destroy();
            return null;
        });
        change("STORAGE_POOL_DELETE", (c, conn, a) -> {
            storagePool(conn, a).delete(WireFlags.of(StoragePoolDeleteFlag.class, a.getInt("flags"), "virStoragePoolDelete"));
            return null;
        });
        change("STORAGE_POOL_UNDEFINE", (c, conn, a) -> {
            storagePool(conn, a).undefine();
            return null;
        });
        change("STORAGE_POOL_REFRESH", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virStoragePoolRefresh");
            storagePool(conn, a).refresh();
            return null;
        });
        change("STORAGE_POOL_SET_AUTOSTART", (c, conn, a) -> {
            storagePool(conn, a).setAutostart(a.getInt("autostart") != 0);
            return null;
        });
        read("STORAGE_VOL_LOOKUP_BY_NAME", (c, conn, a) -> ret("vol", vol(storagePool(conn, a).lookupVolumeByName(a.getString("name")))));
        read("STORAGE_VOL_LOOKUP_BY_KEY", (c, conn, a) -> ret("vol", vol(conn.lookupStorageVolByKey(a.getString("key")))));
        read("STORAGE_VOL_LOOKUP_BY_PATH", (c, conn, a) -> ret("vol", vol(conn.lookupStorageVolByPath(a.getString("path")))));
        read("STORAGE_VOL_GET_INFO", (c, conn, a) -> {
            StorageVolInfo i = storageVol(conn, a).info();
            return ret("type", i.type().number(), "capacity", i.capacity(), "allocation", i.allocation());
        });
        read("STORAGE_VOL_GET_INFO_FLAGS", (c, conn, a) -> {
            StorageVolInfo i = storageVol(conn, a).info(
                WireFlags.of(StorageVolInfoFlag.class, a.getInt("flags"), "virStorageVolGetInfoFlags"));
            return ret("type", i.type().number(), "capacity", i.capacity(), "allocation", i.allocation());
        });
        read("STORAGE_POOL_LOOKUP_BY_TARGET_PATH", (c, conn, a) -> ret("pool", pool(conn.lookupStoragePoolByTargetPath(a.getString("path")))));
        read("CONNECT_GET_STORAGE_POOL_CAPABILITIES", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virConnectGetStoragePoolCapabilities");
            return ret("capabilities", conn.storagePoolCapabilities());
        });
        read("STORAGE_VOL_GET_XML_DESC", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virStorageVolGetXMLDesc");
            return ret("xml", storageVol(conn, a).xmlDesc());
        });
        read("STORAGE_VOL_GET_PATH", (c, conn, a) -> ret("name", storageVol(conn, a).path()));
        change("STORAGE_VOL_CREATE_XML", (c, conn, a) -> ret("vol", vol(storagePool(conn, a).createVolumeXml(a.getString("xml"),
            WireFlags.of(StorageVolCreateFlag.class, a.getInt("flags"), "virStorageVolCreateXML")))));
        change("STORAGE_VOL_DELETE", (c, conn, a) -> {
            storageVol(conn, a).delete(WireFlags.of(StorageVolDeleteFlag.class, a.getInt("flags"), "virStorageVolDelete"));
            return null;
        });
        change("STORAGE_VOL_CREATE_XML_FROM", (c, conn, a) -> {
            StorageVolCreateFlag[] flags = WireFlags.of(StorageVolCreateFlag.class, a.getInt("flags"), "virStorageVolCreateXMLFrom");
            XdrStruct clone = a.getStruct("clonevol");
            StorageVol source = conn.lookupStoragePoolByName(clone.getString("pool")).lookupVolumeByName(clone.getString("name"));
            return ret("vol", vol(storagePool(conn, a).createVolumeXmlFrom(a.getString("xml"), source, flags)));
        });
        change("STORAGE_VOL_RESIZE", (c, conn, a) -> {
            storageVol(conn, a).resize(a.getLong("capacity"),
                WireFlags.of(StorageVolResizeFlag.class, a.getInt("flags"), "virStorageVolResize"));
            return null;
        });
        change("STORAGE_VOL_WIPE", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virStorageVolWipe");
            storageVol(conn, a).wipe();
            return null;
        });
        change("STORAGE_VOL_WIPE_PATTERN", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virStorageVolWipePattern");
            long algorithm = a.getUnsignedInt("algorithm");
            StorageVolWipeAlgorithm[] all = StorageVolWipeAlgorithm.values();
            if (algorithm >= all.length) {
                // storageVolWipePattern's words for a number it does not know
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                    "wiping algorithm " + algorithm + " not supported");
            }
            storageVol(conn, a).wipe(all[(int) algorithm]);
            return null;
        });
        // virConnectFindStoragePoolSources probes the host: refused on read-only connections (virCheckReadOnlyGoto)
        change("CONNECT_FIND_STORAGE_POOL_SOURCES", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virConnectFindStoragePoolSources");
            return ret("xml", conn.findStoragePoolSources(a.getString("type"), a.getString("srcSpec")));
        });
    }

    // ---- networks ----

    private void networkProcedures() {
        read("NETWORK_GET_DHCP_LEASES", (c, conn, a) -> {
            WireFlags.none(a.getInt("flags"), "virNetworkGetDHCPLeases");
            List<NetworkDhcpLease> leases = network(conn, a).dhcpLeases(a.getString("mac"));
            if (leases.size() > REMOTE_NETWORK_DHCP_LEASES_MAX) {
                // remoteDispatchNetworkGetDHCPLeases' words
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "Number of leases is " + leases.size()
                    + ", which exceeds max limit: " + REMOTE_NETWORK_DHCP_LEASES_MAX);
            }
            List<Object> out = new ArrayList<>();
            if (a.getInt("need_results") != 0) {
                for (NetworkDhcpLease l : leases) {
                    out.add(XdrStruct.of("network_dhcp_lease", "iface", l.iface(), "expirytime", l.expiryTime(),
                        "type", l.type().number(), "mac", l.mac(), "iaid", l.iaid(), "ipaddr", l.ipAddress(),
                        "prefix", l.prefix(), "hostname", l.hostname(), "clientid", l.clientId()));
                }
            }
            return ret("leases", out, "ret", leases.size());
        });
        read("CONNECT_LIST_ALL_NETWORKS", (c, conn, a) -> {
            List<Network> all = conn.listAllNetworks(
                WireFlags.of(NetworkListFilter.class, a.getInt("flags"), "virConnectListAllNetworks"));
            List<Object> nets = new ArrayList<>();
            if (a.getInt("need_results") != 0) {
                for (Network n : all) {
                    nets.add(net(n));
                }
            }
            return ret("nets", nets, "ret", all.size());
        });
        read("NETWORK_LOOKUP_BY_NAME", (c, conn, a) -> ret("net", net(conn.lookupNetworkByName(a.getString("name")))));
        read("NETWORK_LOOKUP_BY_UUID", (c, conn, a) -> ret("net", net(conn.lookupNetworkByUuid(a.getUuid("uuid")))));
        read("NETWORK_GET_XML_DESC", (c, conn, a) -> ret("xml",
            network(conn, a).xmlDesc(WireFlags.of(NetworkXmlFlag.class, a.getInt("flags"), "virNetworkGetXMLDesc"))));
        read("NETWORK_GET_AUTOSTART", (c, conn, a) -> ret("autostart", bool(network(conn, a).autostart())));
        read("NETWORK_IS_ACTIVE", (c, conn, a) -> ret("active", bool(network(conn, a).isActive())));
        read("NETWORK_IS_PERSISTENT", (c, conn, a) -> ret("persistent", bool(network(conn, a).isPersistent())));
        read("NETWORK_GET_BRIDGE_NAME", (c, conn, a) -> ret("name", network(conn, a).bridgeName()));
        read("CONNECT_NUM_OF_NETWORKS", (c, conn, a) -> ret("num", conn.numOfNetworks()));
        read("CONNECT_NUM_OF_DEFINED_NETWORKS", (c, conn, a) -> ret("num", conn.numOfDefinedNetworks()));
        change("NETWORK_CREATE", (c, conn, a) -> {
            network(conn, a).create();
            return null;
        });
        change("NETWORK_DESTROY", (c, conn, a) -> {
            network(conn, a).destroy();
            return null;
        });
        change("NETWORK_UNDEFINE", (c, conn, a) -> {
            network(conn, a).undefine();
            return null;
        });
        change("NETWORK_SET_AUTOSTART", (c, conn, a) -> {
            network(conn, a).setAutostart(a.getInt("autostart") != 0);
            return null;
        });
        change("NETWORK_CREATE_XML", (c, conn, a) -> ret("net", net(conn.createNetworkXml(a.getString("xml")))));
        change("NETWORK_DEFINE_XML", (c, conn, a) -> ret("net", net(conn.defineNetworkXml(a.getString("xml")))));
        change("NETWORK_CREATE_XML_FLAGS", (c, conn, a) -> ret("net", net(conn.createNetworkXml(a.getString("xml"),
            WireFlags.of(NetworkCreateFlag.class, a.getInt("flags"), "virNetworkCreateXMLFlags")))));
        change("NETWORK_DEFINE_XML_FLAGS", (c, conn, a) -> ret("net", net(conn.defineNetworkXml(a.getString("xml"),
            WireFlags.of(NetworkDefineFlag.class, a.getInt("flags"), "virNetworkDefineXMLFlags")))));
    }

}
