package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Interfaces: a veth pair per interface, the host end on a bridge (named directly, or through a
 * libvirt network name the core resolves), the other end in the container. Each test makes its own
 * uniquely named bridge and deletes it.
 */
class LxcNetworkTest {

    private LxcFixture fx;
    private LxcDriver driver;
    private Connection conn;
    private String bridge;
    private String network;
    private int subnet;

    @BeforeEach
    void setUp() throws Exception {
        fx = LxcFixture.create();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        bridge = "jvbr" + suffix;
        network = "jvnet" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        driver = new LxcDriver(fx.settings(), () -> NetworkBridges.parse(Map.of(
            network + ".bridge", bridge, "jvgone" + suffix + ".bridge", "jvgone" + suffix)));
        conn = StandaloneConnector.create(null, driver).open("lxc:///");
        LxcFixture.sh("ip", "link", "add", bridge, "type", "bridge");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (driver != null) {
            driver.deactivate();
        }
        if (fx != null) {
            fx.close();
        }
        if (bridge != null && Files.exists(Path.of("/sys/class/net", bridge))) {
            LxcFixture.sh("ip", "link", "del", bridge);
        }
    }

    @Test
    void bridgeAndEthernetInterfacesAreVethPairsIntoTheContainer() throws Exception {
        String xml = fx.xml("net1", LxcFixture.LOOP).replace("</devices>",
            "<interface type='bridge'><mac address='52:54:00:12:34:56'/><source bridge='" + bridge + "'/></interface>\n"
            + "<interface type='ethernet'><mac address='52:54:00:12:34:57'/><guest dev='side0'/></interface>\n</devices>");
        Domain d = conn.createXml(xml);
        String live = d.xmlDesc();
        Matcher m = Pattern.compile("<target dev='([^']+)'/>").matcher(live);
        assertTrue(m.find(), live);
        String hostEnd = m.group(1);
        assertTrue(m.find(), live);
        String otherHostEnd = m.group(1);
        assertEquals(bridge, Path.of("/sys/class/net", hostEnd, "master").toRealPath().getFileName().toString());
        assertFalse(Files.exists(Path.of("/sys/class/net", otherHostEnd, "master")), "ethernet stays off bridges");

        long pid = statusPid("net1");
        String links = LxcFixture.sh("nsenter", "-t", Long.toString(pid), "-n", "ip", "-o", "link");
        assertTrue(links.matches("(?s).*\\beth0[@:].*52:54:00:12:34:56.*"), links);
        assertTrue(links.matches("(?s).*\\bside0[@:].*52:54:00:12:34:57.*"), links);
        assertTrue(links.matches("(?s).*\\blo: <LOOPBACK,UP.*"), links);
        assertFalse(LxcFixture.sh("ip", "-o", "link").contains("52:54:00:12:34:56"), "the guest end left the host");

        d.destroy();
        Poll.until("the host end gone with the container", Duration.ofSeconds(5), () -> !Files.exists(Path.of("/sys/class/net", hostEnd)));
    }

    /**
     * Two containers on the network's bridge talk to each other. The bridge has no address: no
     * packet is addressed from or to the host's own network namespace, only between the two
     * containers' namespaces, which the test made.
     */
    @Test
    void aNetworkInterfaceJoinsTheNetworksBridgeAndContainersOnItTalk() throws Exception {
        String peerIp = "10.214." + subnet + ".1";
        String guestIp = "10.214." + subnet + ".2";
        LxcFixture.sh("ip", "link", "set", bridge, "up");
        // each container configures its own address, then pings the other until it answers
        String peerInit = "trap 'exit 0' TERM; ip addr add " + peerIp + "/24 dev eth0 || echo ADDR-FAILED; "
            + "until ping -c 1 -W 1 " + guestIp + " >/dev/null 2>&1; do sleep 1; done; echo PING-GUEST-OK; "
            + "while :; do sleep 1; done";
        String init = "trap 'exit 0' TERM; ip addr add " + guestIp + "/24 dev eth0 || echo ADDR-FAILED; "
            + "until ping -c 1 -W 1 " + peerIp + " >/dev/null 2>&1; do sleep 1; done; echo PING-PEER-OK; "
            + "while :; do sleep 1; done";
        Domain peer = conn.createXml(fx.xml("peer", peerInit).replace("</devices>",
            "<interface type='network'><mac address='52:54:00:12:35:02'/><source network='" + network + "'/></interface>\n</devices>"));
        Domain d = conn.defineXml(fx.xml("netted", init).replace("</devices>",
            "<interface type='network'><mac address='52:54:00:12:35:01'/><source network='" + network + "'/></interface>\n</devices>"));
        d.create();
        String live = d.xmlDesc();
        assertTrue(live.contains("<source network='" + network + "' bridge='" + bridge + "'/>"), live);
        assertFalse(d.xmlDesc(XmlFlag.INACTIVE).contains("bridge="), "the persistent definition keeps the name only");
        Matcher m = Pattern.compile("<target dev='([^']+)'/>").matcher(live);
        assertTrue(m.find(), live);
        String hostEnd = m.group(1);
        assertEquals(bridge, Path.of("/sys/class/net", hostEnd, "master").toRealPath().getFileName().toString());

        Path log = fx.stateDir.resolve("log/netted.log");
        Path peerLog = fx.stateDir.resolve("log/peer.log");
        Poll.until("the container reaching its peer", Duration.ofSeconds(30),
            () -> read(log).contains("PING-PEER-OK") || read(log).contains("ADDR-FAILED"), () -> read(log));
        assertFalse(read(log).contains("ADDR-FAILED"), read(log));
        Poll.until("the peer reaching the container", Duration.ofSeconds(30),
            () -> read(peerLog).contains("PING-GUEST-OK") || read(peerLog).contains("ADDR-FAILED"), () -> read(peerLog));
        assertFalse(read(peerLog).contains("ADDR-FAILED"), read(peerLog));

        d.destroy();
        peer.destroy();
        Poll.until("the host end gone with the container", Duration.ofSeconds(5), () -> !Files.exists(Path.of("/sys/class/net", hostEnd)));
        assertFalse(d.xmlDesc().contains("bridge="), "a stopped domain shows its persistent definition");
    }

    @Test
    void anUnknownNetworkIsLibvirtsNoNetworkAndLeavesNothing() throws Exception {
        List<String> before = interfaces();
        Domain d = conn.defineXml(fx.xml("lost", LxcFixture.LOOP).replace("</devices>",
            "<interface type='network'><source network='jvnosuchnet'/></interface>\n</devices>"));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.NO_NETWORK, e.code());
        assertEquals("Network not found: no network with matching name 'jvnosuchnet'", e.getMessage());
        assertNothingLeft(d, "lost", before);
    }

    @Test
    void aNetworkWhoseBridgeIsMissingFailsClearlyAndLeavesNothing() throws Exception {
        List<String> before = interfaces();
        String gone = network.replace("jvnet", "jvgone");
        Domain d = conn.defineXml(fx.xml("stranded", LxcFixture.LOOP).replace("</devices>",
            "<interface type='network'><source network='" + gone + "'/></interface>\n</devices>"));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("network '" + gone + "' is not active: its bridge '" + gone + "' does not exist"),
            e.getMessage());
        assertNothingLeft(d, "stranded", before);
    }

    private void assertNothingLeft(Domain d, String name, List<String> interfacesBefore) throws IOException {
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertFalse(fx.cgroup(d).exists(), "no cgroup");
        assertFalse(Files.exists(fx.stateDir.resolve("status/" + name + ".status")), "no status file");
        assertEquals(interfacesBefore, interfaces(), "no veth left");
    }

    private long statusPid(String name) throws IOException {
        return Long.parseLong(Files.readAllLines(fx.stateDir.resolve("status/" + name + ".status")).stream()
            .filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));
    }

    private static List<String> interfaces() throws IOException {
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "";
        }
    }
}
