package io.jvirt.driver.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.NetworkListFilter;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.HypervisorDriver;

/**
 * The network driver behind a local hypervisor URI, through the core as a client sees it: the
 * network calls of a {@code qemu:///system} connection reach it (the hypervisor side here is a
 * stand-in that only opens connections; the network side is real: bridge, nftables and dnsmasq in
 * a namespace this test makes, a guest namespace asking for a lease).
 */
class LinuxNetworkDriverTest {

    /** A stand-in hypervisor driver for qemu:///system with no networks of its own. */
    static final class HypervisorStandIn implements HypervisorDriver {
        @Override
        public String name() {
            return "qemu-standin";
        }

        @Override
        public DriverConnection open(ConnectRequest request) {
            if (!"qemu".equals(request.scheme())) {
                return null;
            }
            return new DriverConnection() {
                @Override
                public String type() {
                    return "QEMU";
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @TempDir
    Path state;
    String ns;
    String guestNs;
    String bridge;
    int subnet;
    final List<LinuxNetworkDriver> drivers = new ArrayList<>();

    @BeforeEach
    void namespaces() throws Exception {
        Prerequisite.require("root".equals(System.getProperty("user.name")), "the network driver's tests need root");
        for (String p : List.of("ip", "nft", "dnsmasq", "busybox", "nsenter", "sysctl")) {
            Prerequisite.require(HostPrograms.find(p).isPresent(), p + " is not installed");
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        ns = "jvnetd" + suffix;
        guestNs = "jvnetg" + suffix;
        bridge = "jvbr" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        NetworkPlumbingTest.cmd("ip", "netns", "add", ns);
        NetworkPlumbingTest.cmd("ip", "netns", "add", guestNs);
    }

    @AfterEach
    void cleanup() throws Exception {
        for (LinuxNetworkDriver d : drivers) {
            d.host().stopAll();
        }
        // a dnsmasq a failed assertion left behind: ours by its configuration path
        for (long pid : HostProcFs.pids()) {
            if (HostProcFs.cmdline(pid).stream().anyMatch(a -> a.startsWith("--conf-file=" + state))) {
                HostProcFs.startTime(pid).ifPresent(t -> HostProcFs.terminate(pid, t, 5_000));
            }
        }
        for (String n : new String[] { guestNs, ns }) {
            if (n != null && Files.exists(Path.of("/run/netns", n))) {
                NetworkPlumbingTest.cmd("ip", "netns", "del", n);
            }
        }
    }

    private LinuxNetworkDriver driver() {
        LinuxNetworkDriver d = new LinuxNetworkDriver(new NetworkSettings(state, state.resolve("run"), "/run/netns/" + ns, "dnsmasq",
                30_000, true, Set.of("qemu", "lxc")));
        drivers.add(d);
        return d;
    }

    private Connection open(LinuxNetworkDriver d) {
        return StandaloneConnector.withNetworks(null, List.of(d), new HypervisorStandIn()).open("qemu:///system");
    }

    private String xml() {
        return """
                <network>
                  <name>natnet</name>
                  <forward mode='nat'/>
                  <bridge name='%1$s'/>
                  <ip address='10.232.%2$d.1' netmask='255.255.255.0'>
                    <dhcp><range start='10.232.%2$d.10' end='10.232.%2$d.20'/></dhcp>
                  </ip>
                </network>""".formatted(bridge, subnet);
    }

    @Test
    void aNatNetworkGivesLeasesAndSurvivesADriverRestart() throws Exception {
        LinuxNetworkDriver d = driver();
        Connection c = open(d);
        List<String> events = new CopyOnWriteArrayList<>();
        c.addNetworkEventListener((conn, net, e) -> events.add(e.type().label()));
        Network net = c.defineNetworkXml(xml());
        assertFalse(net.isActive());
        VirtException inactive = assertThrows(VirtException.class,
                () -> NetworkBridges.NONE.withManaged(d::activeBridge).bridgeOf("natnet", ErrorDomain.QEMU));
        assertEquals(ErrorCode.OPERATION_INVALID, inactive.code());
        net.create();
        net.setAutostart(true);
        assertEquals(bridge, net.bridgeName());
        assertEquals(bridge, NetworkBridges.NONE.withManaged(d::activeBridge).bridgeOf("natnet", ErrorDomain.QEMU));
        assertTrue(net.xmlDesc().contains("<mac address='52:54:00:"), "a bridge MAC was given: " + net.xmlDesc());
        long pid = d.host().find("natnet") == null ? 0 : runningPid(d);

        NetworkPlumbingTest.cmd("ip", "-n", ns, "link", "add", "jvg0", "type", "veth", "peer", "name", "eth0", "netns", guestNs);
        NetworkPlumbingTest.cmd("ip", "-n", ns, "link", "set", "jvg0", "master", bridge, "up");
        NetworkPlumbingTest.cmd("ip", "-n", guestNs, "link", "set", "eth0", "address", "52:54:00:11:22:44", "up");
        List<NetworkDhcpLease> leases = Poll.forValue("a lease", Duration.ofSeconds(60), () -> {
            HostCommand.run(List.of("ip", "netns", "exec", guestNs, "busybox", "udhcpc", "-i", "eth0", "-n", "-q", "-t", "3", "-T",
                    "2", "-x", "hostname:guest-a", "-s", "/bin/true"), 30_000, ErrorDomain.NETWORK);
            List<NetworkDhcpLease> l = net.dhcpLeases(null);
            return l.isEmpty() ? null : l;
        });
        NetworkDhcpLease lease = leases.get(0);
        assertEquals("52:54:00:11:22:44", lease.mac());
        assertEquals(bridge, lease.iface());
        assertEquals(24, lease.prefix());
        assertTrue(lease.ipAddress().startsWith("10.232." + subnet + "."), lease.toString());
        assertEquals("guest-a", lease.hostname());
        assertEquals(List.of(), net.dhcpLeases("52:54:00:99:99:99"));

        // the driver restarts (a new instance on the same state): same bridge, same dnsmasq, leases kept
        LinuxNetworkDriver again = driver();
        drivers.remove(d);
        Connection c2 = open(again);
        Network back = c2.lookupNetworkByName("natnet");
        assertTrue(back.isActive());
        assertTrue(back.autostart());
        assertEquals(pid, runningPid(again), "dnsmasq was found again, not restarted");
        assertEquals(leases, back.dhcpLeases(null));

        back.destroy();
        assertFalse(HostProcFs.isRunning(pid));
        assertFalse(NetworkPlumbingTest.cmd("ip", "-n", ns, "link", "show").contains(bridge), "no bridge is left");
        assertFalse(NetworkPlumbingTest.cmd("nsenter", "--net=/run/netns/" + ns, "nft", "list", "tables").contains("jvirt_net_"),
                "no table is left");
        back.undefine();
        assertEquals(List.of(), c2.listAllNetworks(NetworkListFilter.PERSISTENT));
        assertEquals(List.of("Defined", "Started"), events.subList(0, 2));
    }

    private static long runningPid(LinuxNetworkDriver d) {
        return d.backendRunning("natnet").dnsmasqPid();
    }
}
