package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.Network;
import io.jvirt.api.NetworkDhcpLease;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.kit.local.HostProcFs;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.network.LinuxNetworkDriver;

/**
 * A busybox container on a NAT network of the network driver, inside a network namespace this test
 * makes: the driver's veth host ends and the network's bridge and dnsmasq all live there; the
 * container asks for a lease (busybox udhcpc), the lease shows in virNetworkGetDHCPLeases and the
 * container answers pings from the bridge's address.
 */
class LxcManagedNetworkTest {

    private LxcFixture fx;
    private LxcDriver driver;
    private LinuxNetworkDriver networks;
    private Connection conn;
    private String netns;
    private String bridge;
    private int subnet;

    @BeforeEach
    void setUp() throws Exception {
        fx = LxcFixture.create();
        for (String p : List.of("dnsmasq", "nft", "nsenter")) {
            Prerequisite.require(HostPrograms.find(p).isPresent(), p + " is not installed");
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        netns = "jvlnet" + suffix;
        bridge = "jvlb" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        LxcFixture.sh("ip", "netns", "add", netns);
        networks = LinuxNetworkDriver.embedded(fx.stateDir.resolve("network"), "/run/netns/" + netns);
        driver = new LxcDriver(fx.settings().withNetns("/run/netns/" + netns), () -> NetworkBridges.NONE.withManaged(networks::activeBridge));
        conn = StandaloneConnector.withNetworks(null, List.of(networks), driver).open("lxc:///");
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (driver != null) {
                driver.deactivate();
            }
            if (fx != null) {
                fx.close();
            }
        } finally {
            if (networks != null) {
                networks.stopAllNetworks();
            }
            for (long pid : HostProcFs.pids()) { // a dnsmasq a failed test left: ours by its configuration's path
                if (fx != null && HostProcFs.cmdline(pid).stream().anyMatch(a -> a.startsWith("--conf-file=" + fx.stateDir))) {
                    HostProcFs.startTime(pid).ifPresent(t -> HostProcFs.terminate(pid, t, 5_000));
                }
            }
            if (netns != null && Files.exists(Path.of("/run/netns", netns))) {
                LxcFixture.sh("ip", "netns", "del", netns);
            }
        }
    }

    @Test
    void aContainerOnANatNetworkGetsALeaseAndAnswersPingsFromTheBridge() throws Exception {
        Network net = conn.createNetworkXml("""
            <network>
              <name>boxnet</name>
              <forward mode='nat'/>
              <bridge name='%1$s'/>
              <ip address='10.234.%2$d.1' prefix='24'>
                <dhcp><range start='10.234.%2$d.70' end='10.234.%2$d.80'/></dhcp>
              </ip>
            </network>""".formatted(bridge, subnet));
        // udhcpc's hook inside the container: the address on the interface and a line in the log
        Path hook = fx.rootfs.resolve("etc/dhcp-hook");
        Files.writeString(hook, "#!/bin/sh\n[ \"$1\" = bound ] && ip addr add $ip/$mask dev $interface && echo LEASE $ip\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        String init = "trap 'exit 0' TERM; busybox udhcpc -i eth0 -n -q -t 10 -T 3 -x hostname:boxguest -s /etc/dhcp-hook"
            + " || echo DHCP-FAILED; while :; do sleep 1; done";
        Domain d = conn.createXml(fx.xml("boxed", init).replace("</devices>",
            "<interface type='network'><mac address='52:54:00:12:36:01'/><source network='boxnet'/></interface>\n</devices>"));
        assertTrue(d.xmlDesc().contains("<source network='boxnet' bridge='" + bridge + "'/>"), d.xmlDesc());
        Path log = fx.stateDir.resolve("log/boxed.log");
        Poll.until("the container's lease", Duration.ofSeconds(60),
            () -> read(log).contains("LEASE ") || read(log).contains("DHCP-FAILED"), () -> read(log));
        assertFalse(read(log).contains("DHCP-FAILED"), read(log));

        List<NetworkDhcpLease> leases = net.dhcpLeases(null);
        assertEquals(1, leases.size(), String.valueOf(leases));
        assertEquals("52:54:00:12:36:01", leases.get(0).mac());
        assertEquals("boxguest", leases.get(0).hostname());
        String ip = leases.get(0).ipAddress();
        assertTrue(read(log).contains("LEASE " + ip), read(log));
        // the veth's host end is in the test's namespace, on the network's bridge; not in the host's
        assertFalse(LxcFixture.sh("ip", "-o", "link").contains(bridge), "nothing of the network in the host's namespace");
        Poll.until("the container answering pings", Duration.ofSeconds(30), () -> HostCommand.run(List.of("ip", "netns", "exec", netns,
            "busybox", "ping", "-c", "1", "-W", "1", "-I", "10.234." + subnet + ".1", ip), 10_000, ErrorDomain.LXC).status() == 0);

        d.destroy();
        net.destroy();
        assertFalse(LxcFixture.sh("ip", "-n", netns, "-o", "link").contains(bridge), "no bridge is left");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
