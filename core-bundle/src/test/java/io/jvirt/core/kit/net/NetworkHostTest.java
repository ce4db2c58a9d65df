package io.jvirt.core.kit.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.NetworkXmlFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.core.spi.NetworkRef;

/** libvirt's network object rules in NetworkHost, with a backend that records what it is asked. */
class NetworkHostTest {

    final List<String> calls = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    boolean failStart;

    final NetworkBackend backend = new NetworkBackend() {
        @Override
        public void start(NetworkDef def) {
            if (failStart) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, io.jvirt.api.ErrorDomain.NETWORK, "no bridge today");
            }
            calls.add("start " + def.name() + " " + def.bridge().name());
        }

        @Override
        public void stop(NetworkDef def) {
            calls.add("stop " + def.name() + " " + def.bridge().name());
        }

        @Override
        public void saveConfig(NetworkDef def) {
            calls.add("save " + def.name());
        }

        @Override
        public void deleteConfig(NetworkDef def) {
            calls.add("delete " + def.name());
        }
    };

    final NetworkHost host = new NetworkHost(backend, "network:///system", null, NetworkHost.Rules.NETWORK_DRIVER, 5_000);

    {
        host.subscribeEvents((NetworkEvent e) -> events.add(e.name() + " " + e.type().label()));
    }

    static String xml(String name, String bridge) {
        return "<network><name>" + name + "</name><uuid>6a4a3e48-5d3e-4c29-9a4e-00000000000" + name.length()
                + "</uuid><bridge name='" + bridge + "'/><ip address='10.1.2.1' prefix='24'/></network>";
    }

    @Test
    void theLifeOfAPersistentNetwork() {
        NetworkRef n = host.defineXml(xml("net1", "br1"), 0);
        assertFalse(host.isActive(n));
        assertTrue(host.isPersistent(n));
        host.create(n);
        VirtException again = assertThrows(VirtException.class, () -> host.create(n));
        assertEquals("Requested operation is not valid: network is already active", again.getMessage());

        // redefined while running: the live definition stays until the next start
        host.defineXml(xml("net1", "br2"), 0);
        assertTrue(host.xmlDesc(n, 0).contains("br1"));
        assertTrue(host.xmlDesc(n, NetworkXmlFlag.INACTIVE.bit()).contains("br2"));
        host.destroy(n);
        assertTrue(host.xmlDesc(n, 0).contains("br2"));
        VirtException inactive = assertThrows(VirtException.class, () -> host.destroy(n));
        assertEquals("Requested operation is not valid: network 'net1' is not active", inactive.getMessage());

        host.create(n);
        host.undefine(n);
        assertFalse(host.isPersistent(n), "an active network undefined becomes transient");
        assertThrows(VirtException.class, () -> host.setAutostart(n, true));
        host.destroy(n);
        VirtException gone = assertThrows(VirtException.class, () -> host.isActive(n));
        assertEquals(ErrorCode.NO_NETWORK, gone.code());
        assertEquals(List.of("save net1", "start net1 br1", "save net1", "stop net1 br1", "start net1 br2", "delete net1",
                "stop net1 br2"), calls);
        assertEquals(List.of("net1 Defined", "net1 Started", "net1 Defined", "net1 Stopped", "net1 Started", "net1 Undefined",
                "net1 Stopped"), events);
    }

    @Test
    void aTransientNetworkThatFailsToStartLeavesNothing() {
        failStart = true;
        VirtException e = assertThrows(VirtException.class, () -> host.createXml(xml("tran", "br3"), 0));
        assertTrue(e.getMessage().contains("no bridge today"), e.getMessage());
        assertEquals(List.of(), host.listAllNetworks(0));
        assertEquals(List.of(), events);
    }

    @Test
    void listingFiltersCombineAsLibvirts() {
        NetworkRef a = host.defineXml(xml("a", "bra"), 0);
        NetworkRef bb = host.defineXml(xml("bb", "brb"), 0);
        NetworkRef ccc = host.createXml(xml("ccc", "brc"), 0);
        host.create(a);
        host.setAutostart(bb, true);
        assertEquals(List.of(a, bb, ccc), host.listAllNetworks(0));
        assertEquals(List.of(a, ccc), host.listAllNetworks(NetworkListFilter.ACTIVE.bit()));
        assertEquals(List.of(bb), host.listAllNetworks(NetworkListFilter.INACTIVE.bit()));
        assertEquals(List.of(ccc), host.listAllNetworks(NetworkListFilter.TRANSIENT.bit()));
        assertEquals(List.of(a), host.listAllNetworks(NetworkListFilter.ACTIVE.bit() | NetworkListFilter.PERSISTENT.bit()));
        assertEquals(List.of(bb), host.listAllNetworks(NetworkListFilter.AUTOSTART.bit()));
        assertEquals(2, host.numOfNetworks());
        assertEquals(1, host.numOfDefinedNetworks());
        VirtException e = assertThrows(VirtException.class, () -> host.listAllNetworks(1 << 10));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        VirtException active = assertThrows(VirtException.class, () -> host.createXml(xml("a", "bra"), 0));
        assertEquals("Requested operation is not valid: network is already active as 'a'", active.getMessage());
    }
}
