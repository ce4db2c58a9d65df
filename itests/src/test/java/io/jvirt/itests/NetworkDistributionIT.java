package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;

/**
 * The network driver in the running distribution, as an administrator scripts it with bin/virt on
 * {@code qemu:///system}: the feature jvirt-driver-network the distribution boots serves the QEMU
 * connection's network calls. Its {@code network.namespace} (etc/io.jvirt.driver.network.cfg,
 * written before the first start) is a namespace this test makes, so the bridge, the nftables
 * table and dnsmasq live there; a second test-made namespace joined to the bridge by a veth pair
 * asks for a DHCP lease, which {@code net-dhcp-leases} then shows. Nothing is addressed from the
 * host's namespace. Every dnsmasq of the distribution's state is ended by pid at the end.
 */
public class NetworkDistributionIT {

    private static final String URI = "qemu:///system";
    private static KarafProcess karaf;
    private static String ns;
    private static String guestNs;
    private static String bridge;
    private static int subnet;

    @BeforeClass
    public static void startDistribution() throws Exception {
        for (String p : List.of("ip", "nft", "dnsmasq", "busybox", "nsenter")) {
            Prerequisite.require(KarafProcess.run(Path.of("."), List.of("sh", "-c", "command -v " + p), Map.of()).rc() == 0,
                p + " is not installed");
        }
        Prerequisite.require(KarafProcess.run(Path.of("."), List.of("sh", "-c", "command -v qemu-system-x86_64"), Map.of()).rc() == 0,
            "qemu-system-x86_64 is not installed");
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        ns = "jvdistn" + suffix;
        guestNs = "jvdistg" + suffix;
        bridge = "jvdb" + suffix;
        subnet = ThreadLocalRandom.current().nextInt(1, 255);
        sh("ip", "netns", "add", ns);
        sh("ip", "netns", "add", guestNs);
        karaf = KarafProcess.unpack("network-it");
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.network.cfg"), "network.namespace = /run/netns/" + ns + "\n");
        karaf.start(Map.of());
        AtomicReference<KarafProcess.Result> last = new AtomicReference<>();
        Poll.until("the network calls of " + URI + " to be served", Duration.ofMinutes(2), () -> {
            last.set(karaf.virt("-c", URI, "net-list", "--all"));
            return last.get().rc() == 0;
        }, () -> last.get().out());
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            // networks outlive the container, as they outlive libvirtd: end the dnsmasq of this
            // distribution's state, by pid
            if (karaf != null) {
                for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
                    String cmd = p.info().commandLine().orElse("");
                    if (cmd.contains("dnsmasq") && cmd.contains("--conf-file=" + karaf.home)) {
                        p.destroy();
                    }
                }
            }
            for (String n : new String[] { guestNs, ns }) {
                if (n != null && Files.exists(Path.of("/run/netns", n))) {
                    sh("ip", "netns", "del", n);
                }
            }
        }
    }

    @Test
    public void networkCommandsOnQemuSystemMakeTheNetworkOnTheHost() throws Exception {
        Path xml = karaf.home.resolve("distnet.xml");
        Files.writeString(xml, """
            <network>
              <name>distnet</name>
              <forward mode='nat'/>
              <bridge name='%1$s'/>
              <ip address='10.235.%2$d.1' netmask='255.255.255.0'>
                <dhcp><range start='10.235.%2$d.10' end='10.235.%2$d.20'/></dhcp>
              </ip>
            </network>""".formatted(bridge, subnet));
        assertTrue(ok(karaf.virt("-c", URI, "net-define", xml.toString())).startsWith("Network distnet defined from " + xml + "\n"));
        assertTrue(ok(karaf.virt("-c", URI, "net-list", "--all")).matches("(?s).*\\n distnet +inactive +no +yes\\s*\\n.*"));
        assertTrue(ok(karaf.virt("-c", URI, "net-start", "distnet")).startsWith("Network distnet started\n"));
        String info = ok(karaf.virt("-c", URI, "net-info", "distnet"));
        assertTrue(info, info.contains("Active:         yes") && info.contains("Bridge:         " + bridge));
        assertTrue("the bridge is in the network's namespace", sh("ip", "-n", ns, "-o", "addr", "show", "dev", bridge)
            .contains("10.235." + subnet + ".1/24"));
        assertFalse("and not in the host's", Files.exists(Path.of("/sys/class/net", bridge)));

        // a "guest": a namespace on the bridge through a veth pair, asking for a lease
        sh("ip", "-n", ns, "link", "add", "jvdg0", "type", "veth", "peer", "name", "eth0", "netns", guestNs);
        sh("ip", "-n", ns, "link", "set", "jvdg0", "master", bridge, "up");
        sh("ip", "-n", guestNs, "link", "set", "eth0", "address", "52:54:00:77:88:99", "up");
        AtomicReference<String> leases = new AtomicReference<>("");
        Poll.until("a lease in net-dhcp-leases", Duration.ofSeconds(60), () -> {
            KarafProcess.run(Path.of("."), List.of("ip", "netns", "exec", guestNs, "busybox", "udhcpc", "-i", "eth0", "-n", "-q",
                "-t", "3", "-T", "2", "-x", "hostname:distguest", "-s", "/bin/true"), Map.of());
            leases.set(ok(karaf.virt("-c", URI, "net-dhcp-leases", "distnet")));
            return leases.get().contains("52:54:00:77:88:99");
        }, leases::get);
        assertTrue(leases.get(), leases.get().matches("(?s).*52:54:00:77:88:99 +ipv4 +10\\.235\\." + subnet + "\\.\\d+/24 +distguest.*"));

        assertTrue(ok(karaf.virt("-c", URI, "net-destroy", "distnet")).startsWith("Network distnet destroyed\n"));
        assertFalse("no bridge is left", sh("ip", "-n", ns, "-o", "link", "show").contains(bridge));
        assertFalse("no table is left", sh("ip", "netns", "exec", ns, "nft", "list", "tables").contains("jvirt_net_"));
        assertTrue(ok(karaf.virt("-c", URI, "net-undefine", "distnet")).startsWith("Network distnet has been undefined\n"));
        assertFalse(ok(karaf.virt("-c", URI, "net-list", "--all")).contains("distnet"));
    }

    private static String ok(KarafProcess.Result r) {
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }

    private static String sh(String... cmd) throws Exception {
        KarafProcess.Result r = KarafProcess.run(Path.of("."), List.of(cmd), Map.of());
        assertEquals(String.join(" ", cmd) + ": " + r.out(), 0, r.rc());
        return r.out();
    }
}
