package io.jvirt.driver.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventType;
import io.jvirt.core.kit.rpc.RpcClient;
import io.jvirt.core.kit.rpc.XdrStruct;
import io.jvirt.core.spi.NetworkRef;

/**
 * The network half of libvirt's remote driver table (remote_driver.c's network driver): each entry
 * point one procedure of remote_protocol.x, and network lifecycle events registered on the far side
 * (CONNECT_NETWORK_EVENT_REGISTER_ANY) and delivered by callback id.
 */
abstract class RemoteNetworks extends RemoteCalls {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteNetworks.class);
    /** VIR_NETWORK_EVENT_ID_LIFECYCLE. */
    private static final int NETWORK_EVENT_LIFECYCLE = 0;

    private final RemoteCallbacks<NetworkEvent> networkCallbacks = callbacks(
        "CONNECT_NETWORK_EVENT_REGISTER_ANY", "CONNECT_NETWORK_EVENT_DEREGISTER_ANY", "net");

    RemoteNetworks(RpcClient client, String uri, boolean eventCallbacks) {
        super(client, uri, eventCallbacks);
        client.onEvent(client.procedure("NETWORK_EVENT_LIFECYCLE"), this::networkLifecycle);
    }

    static XdrStruct wire(NetworkRef n) {
        return XdrStruct.of("nonnull_network", "name", n.name(), "uuid", n.uuid());
    }

    private static NetworkRef network(XdrStruct n) {
        return new NetworkRef(n.getString("name"), n.getUuid("uuid"));
    }

    private NetworkRef networkCall(String procedure, Object... namesAndValues) {
        return network(call(procedure, namesAndValues).getStruct("net"));
    }

    @Override
    public List<NetworkRef> listAllNetworks(int flags) {
        List<NetworkRef> out = new ArrayList<>();
        for (Object n : call("CONNECT_LIST_ALL_NETWORKS", "need_results", 1, "flags", flags).getList("nets")) {
            out.add(network((XdrStruct) n));
        }
        return out;
    }

    @Override
    public int numOfNetworks() {
        return call("CONNECT_NUM_OF_NETWORKS").getInt("num");
    }

    @Override
    public int numOfDefinedNetworks() {
        return call("CONNECT_NUM_OF_DEFINED_NETWORKS").getInt("num");
    }

    @Override
    public NetworkRef networkLookupByName(String name) {
        return networkCall("NETWORK_LOOKUP_BY_NAME", "name", name);
    }

    @Override
    public NetworkRef networkLookupByUuid(UUID uuid) {
        return networkCall("NETWORK_LOOKUP_BY_UUID", "uuid", uuid);
    }

    /** virNetworkDefineXML is procedure 41; with flags, virNetworkDefineXMLFlags (432), as libvirt's client. */
    @Override
    public NetworkRef networkDefineXml(String xml, int flags) {
        return flags == 0 ? networkCall("NETWORK_DEFINE_XML", "xml", xml)
            : networkCall("NETWORK_DEFINE_XML_FLAGS", "xml", xml, "flags", flags);
    }

    /** virNetworkCreateXML is procedure 40; with flags, virNetworkCreateXMLFlags (437). */
    @Override
    public NetworkRef networkCreateXml(String xml, int flags) {
        return flags == 0 ? networkCall("NETWORK_CREATE_XML", "xml", xml)
            : networkCall("NETWORK_CREATE_XML_FLAGS", "xml", xml, "flags", flags);
    }

    @Override
    public boolean networkIsActive(NetworkRef net) {
        return call("NETWORK_IS_ACTIVE", "net", wire(net)).getInt("active") != 0;
    }

    @Override
    public boolean networkIsPersistent(NetworkRef net) {
        return call("NETWORK_IS_PERSISTENT", "net", wire(net)).getInt("persistent") != 0;
    }

    @Override
    public String networkXmlDesc(NetworkRef net, int flags) {
        return call("NETWORK_GET_XML_DESC", "net", wire(net), "flags", flags).getString("xml");
    }

    @Override
    public void networkCreate(NetworkRef net) {
        call("NETWORK_CREATE", "net", wire(net));
    }

    @Override
    public void networkDestroy(NetworkRef net) {
        call("NETWORK_DESTROY", "net", wire(net));
    }

    @Override
    public void networkUndefine(NetworkRef net) {
        call("NETWORK_UNDEFINE", "net", wire(net));
    }

    @Override
    public boolean networkAutostart(NetworkRef net) {
        return call("NETWORK_GET_AUTOSTART", "net", wire(net)).getInt("autostart") != 0;
    }

    @Override
    public void networkSetAutostart(NetworkRef net, boolean autostart) {
        call("NETWORK_SET_AUTOSTART", "net", wire(net), "autostart", autostart ? 1 : 0);
    }

    @Override
    public String networkBridgeName(NetworkRef net) {
        return call("NETWORK_GET_BRIDGE_NAME", "net", wire(net)).getString("name");
    }

    @Override
    public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef net, String mac, int flags) {
        XdrStruct r = call("NETWORK_GET_DHCP_LEASES", "net", wire(net), "mac", mac, "need_results", 1, "flags", flags);
        List<NetworkDhcpLease> out = new ArrayList<>();
        NetworkDhcpLease.AddressType[] types = NetworkDhcpLease.AddressType.values();
        for (Object o : r.getList("leases")) {
            XdrStruct l = (XdrStruct) o;
            int type = l.getInt("type");
            if (type < 0 || type >= types.length) {
                LOG.debug("lease of unknown address type {} from {} skipped", type, uri);
                continue;
            }
            out.add(new NetworkDhcpLease(l.getString("iface"), l.getLong("expirytime"), types[type], l.getString("mac"),
                l.getString("iaid"), l.getString("ipaddr"), l.getInt("prefix"), l.getString("hostname"),
                l.getString("clientid")));
        }
        return out;
    }

    /** A lifecycle callback for every network on the far side; closing deregisters it. */
    @Override
    public AutoCloseable subscribeNetworkEvents(Consumer<NetworkEvent> sink) {
        return register(networkCallbacks, "virConnectNetworkEventRegisterAny",
            sink, NETWORK_EVENT_LIFECYCLE);
    }

    private void networkLifecycle(XdrStruct m) {
        XdrStruct net = m.getStruct("net");
        int type = m.getInt("event");
        NetworkEventType[] types = NetworkEventType.values();
        if (type < 0 || type >= types.length) {
            LOG.debug("network event of unknown type {} from {} dropped", type, uri);
            return;
        }
        networkCallbacks.deliver(m.getInt("callbackID"),
            new NetworkEvent(net.getString("name"), net.getUuid("uuid"), types[type], m.getInt("detail")));
    }
}
