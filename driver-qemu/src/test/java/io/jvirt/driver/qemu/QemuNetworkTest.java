package io.jvirt.driver.qemu;

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
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.kit.NetworkBridges;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Bridge interfaces for real, inside a network namespace the test creates: every packet to the
 * guest stays there, none is sent from the host's namespace. The test makes the namespace and a
 * bridge with an address in it; the driver, told to use that namespace, makes the guest's tap
 * there and starts QEMU there; the tiny guest puts an address on its virtio NIC, and a ping run
 * inside the namespace reaches it. Needs root and iproute2 (a skip naming them on a developer
 * machine, a failure in CI).
 */
class QemuNetworkTest {

    private static final Pattern TAP = Pattern.compile("<target dev='([^']+)'/>");

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;
    String bridge;
    String network;
    String netns;
    int subnet;

    @BeforeEach
    void open() throws Exception {
        QemuTestSupport.assumeQemu();
        QemuTestSupport.assumeNetAdmin();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        bridge = "jvbr" + suffix;
        network = "jvnet" + suffix;
        netns = "jvqemu" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        ip("netns", "add", netns);
        ip("-n", netns, "link", "set", "lo", "up");
        ip("-n", netns, "link", "add", bridge, "type", "bridge");
        ip("-n", netns, "addr", "add", "10.213." + subnet + ".1/24", "dev", bridge);
        ip("-n", netns, "link", "set", bridge, "up");
        // the network names the test's bridge; "jvgone..." names a bridge that does not exist
        driver = new QemuDriver(QemuLifecycleTest.settings(dir).withNetns("/run/netns/" + netns), () -> NetworkBridges.parse(Map.of(
            network + ".bridge", bridge, network.replace("jvnet", "jvgone") + ".bridge", bridge.replace("jvbr", "jvgn"))));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() throws Exception {
        try {
            QemuTestSupport.stop(conn, driver, dir);
        } finally {
            if (netns != null && Files.exists(Path.of("/run/netns", netns))) {
                ip("netns", "del", netns); // its bridge and any tap go with it
            }
        }
    }

    @Test
    void guestOnABridgeAnswersPingsAndItsTapGoesWithIt() throws Exception {
        Domain d = startTinyGuest("netted", "10.213." + subnet + ".2", """
            <interface type='bridge'>
              <mac address='52:54:00:5e:a1:01'/>
              <source bridge='%s'/>
              <model type='virtio'/>
            </interface>""".formatted(bridge));
        String tap = tapOf(d);
        assertFalse(d.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE).contains("<target dev="), "the persistent definition does not");
        assertTrue(link(tap).contains("link/ether fe:54:00:5e:a1:01 "), link(tap));
        assertFalse(Files.exists(Path.of("/sys/class/net", tap)), "the tap is in the test's namespace, not the host's");
        awaitPingsThenDestroy(d, "10.213." + subnet + ".2", tap);
    }

    @Test
    void guestOnANetworkIsTappedToTheNetworksBridgeAndAnswersPings() throws Exception {
        Domain d = startTinyGuest("networked", "10.213." + subnet + ".3", """
            <interface type='network'>
              <mac address='52:54:00:5e:a1:03'/>
              <source network='%s'/>
              <model type='virtio'/>
            </interface>""".formatted(network));
        String live = d.xmlDesc();
        assertTrue(live.contains("<source network='" + network + "' bridge='" + bridge + "'/>"), live);
        assertFalse(d.xmlDesc(io.jvirt.api.XmlFlag.INACTIVE).contains("bridge="), "the persistent definition keeps the name only");
        awaitPingsThenDestroy(d, "10.213." + subnet + ".3", tapOf(d));
    }

    /** The tiny guest with {@code nic}, told to put {@code guestIp}/24 on it, started. */
    private Domain startTinyGuest(String name, String guestIp, String nic) {
        String xml = QemuTestSupport.tinyGuestXml(name, QemuTestSupport.tinyGuest(), dir.resolve(name + ".serial"))
            .replace("panic=-1", "panic=-1 jvirt.ip=" + guestIp + "/24")
            .replace("</devices>", nic + "</devices>");
        Domain d = conn.defineXml(xml);
        d.create();
        return d;
    }

    /** The tap the live definition names, checked to be a port of the test's bridge. */
    private String tapOf(Domain d) throws IOException {
        Matcher m = TAP.matcher(d.xmlDesc());
        assertTrue(m.find(), "the live definition names the tap: " + d.xmlDesc());
        String tap = m.group(1);
        assertTrue(link(tap).contains(" master " + bridge + " "), link(tap));
        return tap;
    }

    /** The guest configures its NIC and answers the host's pings; destroying it deletes its tap. */
    private void awaitPingsThenDestroy(Domain d, String guestIp, String tap) throws IOException {
        Path serial = dir.resolve(d.name() + ".serial");
        Poll.until("the guest's NIC configured", Duration.ofMinutes(2), () -> QemuTestSupport.fileContains(serial, "NET " + guestIp));
        // the ping runs inside the test's namespace: no packet to the guest leaves it
        Poll.until("the guest answering pings", Duration.ofSeconds(30), () -> run("ip", "netns", "exec", netns, "busybox", "ping", "-c", "1", "-W", "1", guestIp) == 0);
        d.destroy();
        assertEquals("", link(tap), "the driver's tap is deleted at stop");
    }

    @Test
    void unknownNetworkIsNoNetworkAndLeavesNothing() throws Exception {
        List<String> before = interfaces();
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("lost").replace("</os>", """
            </os><devices><interface type='network'><source network='jvnosuchnet'/></interface></devices>"""));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.NO_NETWORK, e.code());
        assertEquals("Network not found: no network with matching name 'jvnosuchnet'", e.getMessage());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertEquals(before, interfaces(), "no tap left behind");
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
    }

    @Test
    void networkWithoutItsBridgeFailsClearlyAndLeavesNothing() throws Exception {
        List<String> before = interfaces();
        String gone = network.replace("jvnet", "jvgone");
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("adrift").replace("</os>", """
            </os><devices><interface type='network'><source network='%s'/></interface></devices>""".formatted(gone)));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertTrue(e.getMessage().contains("network '" + gone + "' is not active: its bridge '" + bridge.replace("jvbr", "jvgn")
            + "' does not exist"), e.getMessage());
        assertEquals(DomainState.SHUTOFF, d.state().state());
        assertEquals(before, interfaces(), "no tap left behind");
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
    }

    @Test
    void missingBridgeFailsClearlyAndLeavesNoTap() throws Exception {
        List<String> before = interfaces();
        Domain d = conn.defineXml(QemuTestSupport.emptyGuestXml("stranded").replace("</os>", """
            </os><devices><interface type='bridge'><mac address='52:54:00:5e:a1:02'/><source bridge='jvnosuchbr'/></interface></devices>"""));
        VirtException e = assertThrows(VirtException.class, d::create);
        assertEquals(ErrorCode.SYSTEM_ERROR, e.code());
        assertTrue(e.getMessage().contains("Unable to add bridge jvnosuchbr port vnet"), e.getMessage());
        assertEquals(new StateReason(DomainState.SHUTOFF, StateReason.UNKNOWN).state(), d.state().state());
        assertEquals(before, interfaces(), "no tap left behind");
        assertTrue(QemuTestSupport.processesUsing(dir).isEmpty(), "no QEMU started");
    }

    /** The interfaces of the test's namespace. */
    private List<String> interfaces() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String line : ip("-n", netns, "-o", "link", "show").split("\n")) {
            String[] f = line.split(": ");
            if (f.length > 1) {
                out.add(f[1].replaceAll("@.*", ""));
            }
        }
        return out.stream().sorted().toList();
    }

    /** {@code ip -o link show dev DEV} in the test's namespace; "" when there is no such device. */
    private String link(String dev) {
        try {
            return ip("-n", netns, "-o", "link", "show", "dev", dev) + " ";
        } catch (Exception e) {
            return "";
        }
    }

    static String ip(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        io.jvirt.core.kit.HostCommand.Result r = io.jvirt.core.kit.HostCommand.run(cmd, 30_000, io.jvirt.api.ErrorDomain.QEMU);
        if (r.status() != 0) {
            throw new IllegalStateException(cmd + ": " + r.text());
        }
        return r.text();
    }

    private static int run(String... cmd) {
        try {
            return io.jvirt.core.kit.HostCommand.run(List.of(cmd), 30_000, io.jvirt.api.ErrorDomain.QEMU).status();
        } catch (IOException e) {
            return -1;
        }
    }
}
