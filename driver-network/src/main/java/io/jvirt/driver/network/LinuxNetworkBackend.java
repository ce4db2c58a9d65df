package io.jvirt.driver.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.MacAddress;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.core.kit.AtomicFiles;
import io.jvirt.core.kit.StateStore;
import io.jvirt.core.kit.net.NetworkBackend;

/**
 * The Linux half of libvirt's bridge network driver under the kit's
 * {@link io.jvirt.core.kit.net.NetworkHost}: definitions in a {@link StateStore} (config/NAME.xml,
 * written atomically, autostart marks beside them), a running network's live definition in
 * status/NAME.xml, the host side through {@link NetworkPlumbing}, and libvirt's preparation of a
 * definition (networkValidate): a bridge name for the virtual modes (the lowest free virbrN, or
 * the definition's %d template filled in), never one another network uses, and a bridge MAC.
 */
final class LinuxNetworkBackend implements NetworkBackend {

    private static final int MAX_BRIDGE_ID = 256;

    private final StateStore store;
    private final NetworkPlumbing plumbing;
    private final BridgeDevice bridges;
    /** What each running network holds on the host (its bridge for the stop, its dnsmasq pid). */
    private final Map<String, NetworkPlumbing.Running> running = new ConcurrentHashMap<>();

    LinuxNetworkBackend(StateStore store, NetworkPlumbing plumbing, BridgeDevice bridges) {
        this.store = store;
        this.plumbing = plumbing;
        this.bridges = bridges;
    }

    @Override
    public NetworkDef prepare(NetworkDef def, Collection<NetworkDef> others) {
        StateStore.checkName(def.name());
        if (!NetworkPlumbing.virtual(def)) {
            return def;
        }
        String bridge = def.bridge().name();
        if (bridge != null && !bridge.contains("%d")) {
            BridgeDevice.checkName(bridge);
            for (NetworkDef o : others) {
                if (!o.name().equals(def.name()) && bridge.equals(o.bridge().name())) {
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "bridge name '" + bridge + "' already in use.");
                }
            }
        } else {
            bridge = unusedBridge(def, others);
        }
        String mac = def.mac() != null ? def.mac() : MacAddress.generate();
        NetworkDef.Bridge b = def.bridge();
        return new NetworkDef(def.name(), def.uuid(), def.title(), def.description(), def.ipv6(), def.trustGuestRxFilters(),
                def.metadata(), def.forward(), new NetworkDef.Bridge(bridge, b.zone(), b.stp(), b.delay(), b.macTableManager()),
                def.mtu(), mac, def.domain(), def.dns(), def.vlan(), def.bandwidth(), def.portIsolated(), def.ips(), def.routes(),
                def.virtualport(), def.portGroups(), def.dnsmasqOptions());
    }

    /** networkFindUnusedBridgeName: the template (virbr%d, or the definition's one %d) with the lowest free number. */
    private String unusedBridge(NetworkDef def, Collection<NetworkDef> others) {
        String given = def.bridge().name();
        String template = "virbr%d";
        if (given != null && given.indexOf('%') == given.lastIndexOf('%') && given.contains("%d")) {
            template = given;
        }
        for (int id = 0; id <= MAX_BRIDGE_ID; id++) {
            String name = template.replace("%d", Integer.toString(id));
            boolean inUse = others.stream().anyMatch(o -> !o.name().equals(def.name()) && name.equals(o.bridge().name()));
            if (!inUse && !bridges.exists(BridgeDevice.checkName(name))) {
                return name;
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK, "Bridge generation exceeded max id " + MAX_BRIDGE_ID);
    }

    @Override
    public void start(NetworkDef def) {
        running.put(def.name(), plumbing.start(def));
    }

    @Override
    public void stop(NetworkDef def) {
        NetworkPlumbing.Running r = running.remove(def.name());
        plumbing.stop(def, r != null ? r.bridge() : def.bridge().name());
    }

    @Override
    public List<NetworkDhcpLease> leases(NetworkDef def) {
        Path file = plumbing.dnsmasq().leaseFile(def);
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new VirtException(ErrorCode.READ_FAILED, ErrorDomain.NETWORK, file + ": " + e.getMessage(), e);
        }
        List<NetworkDhcpLease> out = new ArrayList<>();
        for (DnsmasqLeases.Lease l : DnsmasqLeases.parse(text)) {
            int prefix = prefixOf(def, l);
            if (prefix < 0) {
                continue; // not an address of this network: not this network's lease
            }
            out.add(new NetworkDhcpLease(def.bridge().name(), l.expiry(),
                    l.ipv6() ? NetworkDhcpLease.AddressType.IPV6 : NetworkDhcpLease.AddressType.IPV4, l.mac(), l.iaid(),
                    l.address(), prefix, l.hostname(), l.clientId()));
        }
        return out;
    }

    /** The prefix of the network address that holds the lease's address, -1 when none does. */
    private static int prefixOf(NetworkDef def, DnsmasqLeases.Lease l) {
        for (NetworkDef.Ip ip : def.ips()) {
            if (ip.isIpv6() == l.ipv6() && sameSubnet(ip, l.address())) {
                return ip.effectivePrefix();
            }
        }
        return -1;
    }

    private static boolean sameSubnet(NetworkDef.Ip ip, String address) {
        int prefix = ip.effectivePrefix();
        return NftForwarding.masked(ip.address(), prefix).equals(NftForwarding.masked(address, prefix));
    }

    @Override
    public void saveConfig(NetworkDef def) {
        store.saveConfig(def.name(), NetworkXml.format(def, true));
    }

    @Override
    public void deleteConfig(NetworkDef def) {
        store.setAutostart(def.name(), false);
        store.deleteConfig(def.name());
    }

    @Override
    public void saveAutostart(NetworkDef def, boolean autostart) {
        store.setAutostart(def.name(), autostart);
    }

    @Override
    public void saveStatus(NetworkDef live) {
        AtomicFiles.write(statusFile(live.name()), NetworkXml.format(live, false).getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void deleteStatus(NetworkDef live) {
        AtomicFiles.deleteQuietly(statusFile(live.name()));
    }

    Path statusFile(String name) {
        StateStore.checkName(name);
        return store.statusDir().resolve(name + ".xml");
    }

    /** Notes a network found running after a restart. */
    void adopt(NetworkDef live, NetworkPlumbing.Running r) {
        running.put(live.name(), r);
    }

    NetworkPlumbing.Running running(String name) {
        return running.get(name);
    }
}
