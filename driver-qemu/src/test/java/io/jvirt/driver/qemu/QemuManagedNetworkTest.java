package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.network.LinuxNetworkDriver;

/**
 * A guest on a network of the network driver, all inside a network namespace this test makes: the
 * network (bridge, nftables, dnsmasq) is defined and started through qemu:///system's network
 * calls, the tiny guest's interface type='network' is tapped to its bridge, the guest asks for a
 * lease (its init runs udhcpc), the lease shows in virNetworkGetDHCPLeases and the guest answers
 * pings from the bridge's address; destroying the network leaves nothing of it.
 */
class QemuManagedNetworkTest {

    @TempDir
    Path dir;
    String netns;
    String bridge;
    int subnet;
    QemuDriver driver;
    LinuxNetworkDriver networks;
    Connection conn;

    @BeforeEach
    void open() throws Exception {
        QemuTestSupport.assumeQemu();
        QemuTestSupport.assumeNetAdmin();
        for (String p : List.of("dnsmasq", "nft", "nsenter", "busybox")) {
            Prerequisite.require(HostPrograms.find(p).isPresent(), p + " is not installed");
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        netns = "jvqnet" + suffix;
        bridge = "jvnb" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        QemuNetworkTest.ip("netns", "add", netns);
        QemuNetworkTest.ip("-n", netns, "link", "set", "lo", "up");
        networks = LinuxNetworkDriver.embedded(dir.resolve("network"), "/run/netns/" + netns);
        driver = new QemuDriver(QemuLifecycleTest.settings(dir).withNetns("/run/netns/" + netns),
            () -> NetworkBridges.NONE.withManaged(networks::activeBridge));
        conn = StandaloneConnector.withNetworks(null, List.of(networks), driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() throws Exception {
        try {
            QemuTestSupport.stop(conn, driver, dir);
        } finally {
            try {
                if (networks != null) {
                    networks.stopAllNetworks();
                }
            } finally {
                QemuTestSupport.killAll(dir); // a dnsmasq a failed test left (its files are under dir)
                if (netns != null && Files.exists(Path.of("/run/netns", netns))) {
                    QemuNetworkTest.ip("netns", "del", netns);
                }
            }
        }
    }

    @Test
    void aGuestOnANatNetworkGetsALeaseAndAnswersPingsFromTheBridge() throws Exception {
        Network net = conn.defineNetworkXml("""
            <network>
              <name>guestnet</name>
              <forward mode='nat'/>
              <bridge name='%1$s' stp='on' delay='0'/>
              <ip address='10.233.%2$d.1' netmask='255.255.255.0'>
                <dhcp><range start='10.233.%2$d.50' end='10.233.%2$d.60'/></dhcp>
              </ip>
            </network>""".formatted(bridge, subnet));

        // an inactive network: libvirt's error at start, nothing made
        String nic = """
            <interface type='network'>
              <mac address='52:54:00:5e:b2:01'/>
              <source network='guestnet'/>
              <model type='virtio'/>
            </interface>""";
        String xml = QemuTestSupport.tinyGuestXml("leased", QemuTestSupport.tinyGuest(), dir.resolve("leased.serial"))
            .replace("panic=-1", "panic=-1 jvirt.ip=dhcp")
            .replace("</devices>", nic + "</devices>");
        Domain d = conn.defineXml(xml);
        VirtException inactive = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.OPERATION_INVALID, inactive.code());
        assertEquals("Requested operation is not valid: network 'guestnet' is not active", inactive.getMessage());

        net.create();
        d.create();
        assertTrue(d.xmlDesc().contains("<source network='guestnet' bridge='" + bridge + "'/>"), d.xmlDesc());
        Path serial = dir.resolve("leased.serial");
        Poll.until("the guest's lease", Duration.ofMinutes(2), () -> QemuTestSupport.fileContains(serial, "NET 10.233." + subnet + "."));
        List<NetworkDhcpLease> leases = net.dhcpLeases("52:54:00:5e:b2:01");
        assertEquals(1, leases.size(), String.valueOf(leases));
        NetworkDhcpLease lease = leases.get(0);
        assertEquals("tinyguest", lease.hostname());
        assertEquals(bridge, lease.iface());
        assertTrue(QemuTestSupport.fileContains(serial, "NET " + lease.ipAddress() + "/24"), "the guest has the address the lease names");
        // from the bridge's address, inside the test's namespace
        Poll.until("the guest answering pings", Duration.ofSeconds(30), () -> QemuNetworkTest.ip("netns", "exec", netns, "busybox",
            "ping", "-c", "1", "-W", "1", "-I", "10.233." + subnet + ".1", lease.ipAddress()) != null);

        d.destroy();
        net.destroy();
        assertFalse(QemuNetworkTest.ip("-n", netns, "-o", "link", "show").contains(bridge), "no bridge is left");
        assertFalse(QemuNetworkTest.ip("netns", "exec", netns, "nft", "list", "tables").contains("jvirt_net_"), "no table is left");
        assertTrue(QemuTestSupport.processesUsing(dir.resolve("network")).isEmpty(), "no dnsmasq is left");
    }
}
