package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkEvent;
import io.jvirt.api.NetworkEventType;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.Registration;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StoragePoolEvent;
import io.jvirt.api.StoragePoolEventType;
import io.jvirt.api.StoragePoolState;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Networks, storage pools and volumes through the remote driver against a real libvirtd 9.0's test
 * driver (test:///default has the network "default" and the pool "default-pool"): listings,
 * lookups, the lifecycles, XML, autostart, libvirtd's errors, and the network and pool events
 * libvirtd sends for callbacks registered on its side.
 */
class RemoteNetworksStorageTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start();
        connector = StandaloneConnector.create(null, new RemoteDriver());
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
    }

    private static String networkXml(String name, UUID uuid, String bridge) {
        return "<network><name>" + name + "</name><uuid>" + uuid + "</uuid><bridge name='" + bridge + "'/>"
            + "<ip address='192.168.151.1' netmask='255.255.255.0'/></network>";
    }

    @Test
    void listsAndReadsLibvirtdsDefaultNetwork() {
        try (Connection c = connector.open(libvirtd.testUri())) {
            Network def = c.lookupNetworkByName("default");
            assertTrue(def.isActive());
            assertTrue(def.isPersistent());
            assertEquals("virbr0", def.bridgeName());
            assertTrue(def.xmlDesc().contains("<name>default</name>"), def.xmlDesc());
            assertEquals(def.uuid(), c.lookupNetworkByUuid(def.uuid()).uuid());
            assertTrue(c.listAllNetworks(NetworkListFilter.ACTIVE).stream().anyMatch(n -> n.name().equals("default")));
            assertEquals(1, c.numOfNetworks());
            VirtException e = assertThrows(VirtException.class, () -> c.lookupNetworkByName("nosuch"));
            assertEquals(ErrorCode.NO_NETWORK, e.code());
            assertEquals("Network not found: no network with matching name 'nosuch'", e.getMessage());
        }
    }

    @Test
    void definesStartsStopsAndUndefinesANetworkWithItsEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        try (Connection c = connector.open(libvirtd.testUri())) {
            BlockingQueue<NetworkEvent> events = new LinkedBlockingQueue<>();
            try (Registration r = c.addNetworkEventListener((conn, n, e) -> {
                if (n.name().equals("remote-net")) {
                    events.add(e);
                }
            })) {
                Network n = c.defineNetworkXml(networkXml("remote-net", uuid, "virbr51"));
                assertEquals(uuid, n.uuid());
                assertFalse(n.isActive());
                n.setAutostart(true);
                assertTrue(n.autostart());
                n.create();
                assertTrue(n.isActive());
                assertTrue(c.listAllNetworks(NetworkListFilter.AUTOSTART).stream().anyMatch(x -> x.name().equals("remote-net")));
                n.destroy();
                n.setAutostart(false);
                n.undefine();
                assertThrows(VirtException.class, () -> c.lookupNetworkByName("remote-net"));
                List<NetworkEventType> seen = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    NetworkEvent e = events.poll(30, TimeUnit.SECONDS);
                    assertNotNull(e, "libvirtd's network event " + (i + 1) + " of 4; had " + seen);
                    seen.add(e.type());
                }
                assertEquals(List.of(NetworkEventType.DEFINED, NetworkEventType.STARTED, NetworkEventType.STOPPED,
                    NetworkEventType.UNDEFINED), seen);
            }
        }
    }

    @Test
    void readsThePoolAndCreatesAndDeletesVolumesWithPoolEvents() throws Exception {
        try (Connection c = connector.open(libvirtd.testUri())) {
            StoragePool pool = c.lookupStoragePoolByName("default-pool");
            assertTrue(pool.isActive());
            assertEquals(StoragePoolState.RUNNING, pool.info().state());
            assertEquals(100L * 1024 * 1024 * 1024, pool.info().capacity(), "libvirt's test driver's 100 GiB pool");
            assertTrue(pool.xmlDesc().contains("<path>/default-pool</path>"), pool.xmlDesc());
            assertTrue(c.listAllStoragePools().stream().anyMatch(p -> p.name().equals("default-pool")));
            int before = pool.numOfVolumes();
            StorageVol v = pool.createVolumeXml("<volume><name>remote.img</name><capacity unit='M'>8</capacity></volume>");
            assertEquals("remote.img", v.name());
            assertEquals("/default-pool/remote.img", v.path());
            assertEquals(before + 1, pool.numOfVolumes());
            assertTrue(pool.listAllVolumes().stream().anyMatch(x -> x.name().equals("remote.img")));
            assertEquals(8L * 1024 * 1024, v.info().capacity());
            assertTrue(v.xmlDesc().contains("<name>remote.img</name>"));
            assertEquals("default-pool", c.lookupStorageVolByPath("/default-pool/remote.img").poolName());
            assertEquals("default-pool", c.lookupStoragePoolByVolume(v).name());
            StorageVol copy = pool.createVolumeXmlFrom("<volume><name>copy.img</name><capacity>0</capacity></volume>", v);
            assertEquals("copy.img", c.lookupStorageVolByKey(copy.key()).name());
            copy.delete();
            v.delete();
            assertEquals(before, pool.numOfVolumes());
            VirtException e = assertThrows(VirtException.class, () -> pool.lookupVolumeByName("remote.img"));
            assertEquals(ErrorCode.NO_STORAGE_VOL, e.code());

            BlockingQueue<StoragePoolEvent> events = new LinkedBlockingQueue<>();
            BlockingQueue<String> refreshed = new LinkedBlockingQueue<>();
            try (Registration r = c.addStoragePoolEventListener((conn, p, ev) -> events.add(ev));
                 Registration r2 = c.addStoragePoolRefreshListener((conn, p) -> refreshed.add(p.name()))) {
                StoragePool mine = c.defineStoragePoolXml("<pool type='dir'><name>remote-pool</name>"
                    + "<target><path>/remote-pool</path></target></pool>");
                mine.create();
                mine.refresh();
                mine.destroy();
                mine.undefine();
                List<StoragePoolEventType> seen = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    StoragePoolEvent ev = events.poll(30, TimeUnit.SECONDS);
                    assertNotNull(ev, "libvirtd's pool event " + (i + 1) + " of 4; had " + seen);
                    seen.add(ev.type());
                }
                assertEquals(List.of(StoragePoolEventType.DEFINED, StoragePoolEventType.STARTED, StoragePoolEventType.STOPPED,
                    StoragePoolEventType.UNDEFINED), seen);
                assertEquals("remote-pool", refreshed.poll(30, TimeUnit.SECONDS));
            }
        }
    }
}
