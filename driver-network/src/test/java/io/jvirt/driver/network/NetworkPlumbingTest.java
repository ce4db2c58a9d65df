package io.jvirt.driver.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.network.NetworkDef;
import io.jvirt.api.network.NetworkXml;
import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.local.HostPrograms;
import io.jvirt.core.kit.local.HostProcFs;

/**
 * The network driver's host half for real, inside network namespaces this test makes: the
 * network's own namespace (bridge, firewall table, dnsmasq) and a "guest" namespace joined to the
 * bridge by a veth pair, where busybox asks for a DHCP lease and pings the bridge. Nothing is
 * addressed from the host's namespace; every process this test starts is ended by pid.
 */
class NetworkPlumbingTest {

    @TempDir
    Path run;
    String ns;
    String guestNs;
    String bridge;
    int subnet;
    HostNet net;
    final List<Long> dnsmasqPids = new ArrayList<>();

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
        cmd("ip", "netns", "add", ns);
        cmd("ip", "netns", "add", guestNs);
        cmd("ip", "-n", ns, "link", "set", "lo", "up");
        net = new HostNet(List.of("nsenter", "--net=/run/netns/" + ns), 30_000);
    }

    @AfterEach
    void cleanup() throws Exception {
        for (long pid : dnsmasqPids) {
            HostProcFs.startTime(pid).ifPresent(t -> HostProcFs.terminate(pid, t, 5_000));
        }
        for (String n : new String[] { guestNs, ns }) {
            if (n != null && Files.exists(Path.of("/run/netns", n))) {
                cmd("ip", "netns", "del", n);
            }
        }
    }

    private NetworkDef nat() {
        return NetworkXml.parse("""
                <network>
                  <name>plumbing-%1$s</name>
                  <forward mode='nat'/>
                  <bridge name='%1$s' stp='on' delay='0'/>
                  <mac address='52:54:00:0a:0b:0c'/>
                  <ip address='10.231.%2$d.1' netmask='255.255.255.0'>
                    <dhcp><range start='10.231.%2$d.100' end='10.231.%2$d.120'/></dhcp>
                  </ip>
                </network>""".formatted(bridge, subnet));
    }

    @Test
    void startGivesLeasesAndPingsThenDestroyLeavesNothing() throws Exception {
        NetworkDef def = nat();
        NetworkPlumbing plumbing = new NetworkPlumbing(net, run, "dnsmasq");
        NetworkPlumbing.Running r = plumbing.start(def);
        dnsmasqPids.add(r.dnsmasqPid());
        assertEquals(bridge, r.bridge());
        String link = cmd("ip", "-n", ns, "-d", "addr", "show", "dev", bridge);
        assertTrue(link.contains("link/ether 52:54:00:0a:0b:0c"), link);
        assertTrue(link.contains("inet 10.231." + subnet + ".1/24"), link);
        assertTrue(link.contains("stp_state 1"), link);
        assertFalse(Files.exists(Path.of("/sys/class/net", bridge)), "the bridge is in the test's namespace, not the host's");
        assertEquals(namespaceOf(ns), HostProcFs.namespace(r.dnsmasqPid(), "net"), "dnsmasq runs in the network's namespace");
        assertTrue(cmd("nsenter", "--net=/run/netns/" + ns, "nft", "list", "table", "inet", NftForwarding.table(def))
                .contains("masquerade"));

        // a guest: veth pair, one end on the bridge, the other in the guest's namespace
        cmd("ip", "-n", ns, "link", "add", "jvg0", "type", "veth", "peer", "name", "eth0", "netns", guestNs);
        cmd("ip", "-n", ns, "link", "set", "jvg0", "master", bridge, "up");
        cmd("ip", "-n", guestNs, "link", "set", "eth0", "address", "52:54:00:11:22:33", "up");
        String lease = Poll.forValue("a DHCP lease for the guest", Duration.ofSeconds(60), () -> {
            HostCommand.Result res = HostCommand.run(List.of("ip", "netns", "exec", guestNs, "busybox", "udhcpc", "-i", "eth0",
                    "-n", "-q", "-t", "3", "-T", "2", "-s", "/bin/true"), 30_000, ErrorDomain.NETWORK);
            String leases = Files.exists(plumbing.dnsmasq().leaseFile(def)) ? Files.readString(plumbing.dnsmasq().leaseFile(def)) : "";
            return leases.contains("52:54:00:11:22:33") ? leases : null;
        });
        String ip = lease.lines().filter(l -> l.contains("52:54:00:11:22:33")).findFirst().orElseThrow().split(" ")[2];
        assertTrue(ip.startsWith("10.231." + subnet + "."), lease);
        cmd("ip", "-n", guestNs, "addr", "add", ip + "/24", "dev", "eth0");
        Poll.until("the guest pinging the bridge", Duration.ofSeconds(30), () -> HostCommand.run(List.of("ip", "netns", "exec",
                guestNs, "busybox", "ping", "-c", "1", "-W", "1", "10.231." + subnet + ".1"), 10_000, ErrorDomain.NETWORK).status() == 0);

        plumbing.stop(def, bridge);
        assertFalse(HostProcFs.isRunning(r.dnsmasqPid()), "dnsmasq is gone");
        assertFalse(cmd("ip", "-n", ns, "link", "show").contains(bridge), "the bridge is gone");
        assertNotEquals(0, net.result("nft", "list", "table", "inet", NftForwarding.table(def)).status(), "the table is gone");
        assertFalse(Files.exists(plumbing.dnsmasq().confFile(def)));
    }

    @Test
    void aRestartFindsTheSameDnsmasqAndReplacesAVanishedOne() throws Exception {
        NetworkDef def = nat();
        NetworkPlumbing.Running r = new NetworkPlumbing(net, run, "dnsmasq").start(def);
        dnsmasqPids.add(r.dnsmasqPid());
        NetworkPlumbing again = new NetworkPlumbing(net, run, "dnsmasq");
        assertEquals(r, again.recover(def, bridge), "same bridge, same dnsmasq pid");

        long start = HostProcFs.startTime(r.dnsmasqPid()).getAsLong();
        assertTrue(HostProcFs.terminate(r.dnsmasqPid(), start, 5_000));
        net.run("nft", "delete", "table", "inet", NftForwarding.table(def));
        NetworkPlumbing.Running back = again.recover(def, bridge);
        dnsmasqPids.add(back.dnsmasqPid());
        assertNotEquals(r.dnsmasqPid(), back.dnsmasqPid());
        assertTrue(HostProcFs.isRunning(back.dnsmasqPid()));
        assertEquals(0, net.result("nft", "list", "table", "inet", NftForwarding.table(def)).status(), "the table is back");
        again.stop(def, bridge);
    }

    @Test
    void aFailedStartUndoesWhatItMadeAndSaysWhichStepFailed() throws Exception {
        NetworkDef def = nat();
        VirtException e = assertThrows(VirtException.class, () -> new NetworkPlumbing(net, run, "/bin/false").start(def));
        assertTrue(e.getMessage().contains("failed to start dnsmasq"), e.getMessage());
        assertFalse(cmd("ip", "-n", ns, "link", "show").contains(bridge), "no bridge is left");
        assertNotEquals(0, net.result("nft", "list", "table", "inet", NftForwarding.table(def)).status(), "no table is left");
    }

    @Test
    void aBridgeThatExistsIsNotTouched() throws Exception {
        cmd("ip", "-n", ns, "link", "add", bridge, "type", "bridge");
        VirtException e = assertThrows(VirtException.class, () -> new NetworkPlumbing(net, run, "dnsmasq").start(nat()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(cmd("ip", "-n", ns, "link", "show").contains(bridge), "the existing device stays");
    }

    private static String namespaceOf(String netns) throws IOException {
        return "net:[" + Files.getAttribute(Path.of("/run/netns", netns), "unix:ino") + "]";
    }

    static String cmd(String... argv) throws IOException {
        HostCommand.Result r = HostCommand.run(List.of(argv), 30_000, ErrorDomain.NETWORK);
        if (r.status() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + ": " + r.text());
        }
        return r.text();
    }
}
