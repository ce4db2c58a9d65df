package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.core.spi.StandaloneConnector;

/** Interfaces: a veth pair per interface, the host end on a bridge, the other end in the container. */
class LxcNetworkTest {

    private LxcFixture fx;
    private LxcDriver driver;
    private Connection conn;
    private String bridge;

    @BeforeEach
    void setUp() throws Exception {
        fx = LxcFixture.create();
        driver = new LxcDriver(fx.settings());
        conn = StandaloneConnector.create(null, driver).open("lxc:///");
        bridge = "jvbr" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
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

        long pid = Long.parseLong(Files.readAllLines(fx.stateDir.resolve("status/net1.status")).stream()
            .filter(l -> l.startsWith("pid=")).findFirst().orElseThrow().substring(4));
        String links = LxcFixture.sh("nsenter", "-t", Long.toString(pid), "-n", "ip", "-o", "link");
        assertTrue(links.matches("(?s).*\\beth0[@:].*52:54:00:12:34:56.*"), links);
        assertTrue(links.matches("(?s).*\\bside0[@:].*52:54:00:12:34:57.*"), links);
        assertTrue(links.matches("(?s).*\\blo: <LOOPBACK,UP.*"), links);
        assertFalse(LxcFixture.sh("ip", "-o", "link").contains("52:54:00:12:34:56"), "the guest end left the host");

        d.destroy();
        assertTrue(Cgroup.await(() -> !Files.exists(Path.of("/sys/class/net", hostEnd)), 5_000), "host end gone with the container");
    }
}
