package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * A bridge interface's tap (the kit's TapDevices), made before bhyve runs and named on its command
 * line, gone after every stop and after a failed start. Everything happens in a network namespace
 * the test creates (the driver's {@code network.namespace}), with a bridge of its own.
 */
class BhyveTapTest {

    private static final Pattern TAP = Pattern.compile("<target dev='([^']+)'/>");

    BhyveFixture fx;
    BhyveDriver driver;
    String netns;
    String bridge;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisite.require("0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim()),
            "tap tests need root (CAP_NET_ADMIN)");
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        netns = "jvbhyve" + suffix;
        bridge = "jvbr" + suffix;
        ip("netns", "add", netns);
        ip("-n", netns, "link", "add", bridge, "type", "bridge");
        ip("-n", netns, "link", "set", bridge, "up");
        fx = BhyveFixture.create();
        BhyveSettings s = fx.settings();
        driver = new BhyveDriver(new BhyveSettings(s.bhyve(), s.bhyveload(), s.bhyvectl(), s.grubBhyve(), s.stateDir(), s.logDir(),
            30_000, 30_000, 10_000, false, "/run/netns/" + netns, s.firmwareDir()));
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
            if (netns != null && Files.exists(Path.of("/run/netns", netns))) {
                ip("netns", "del", netns); // its bridge and any tap go with it
            }
        }
    }

    static String ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        HostCommand.Result r = HostCommand.run(cmd, 30_000, ErrorDomain.BHYVE);
        if (r.status() != 0) {
            throw new IllegalStateException(cmd + ": " + r.text());
        }
        return r.text();
    }

    String links() throws Exception {
        return ip("-n", netns, "-o", "link", "show");
    }

    @Test
    void aBridgeInterfaceGetsATapOnTheBridgeNamedOnBhyvesCommandLine() throws Exception {
        String nic = """
                <interface type='bridge'>
                  <mac address='52:54:00:b9:94:02'/>
                  <source bridge='%s'/>
                  <model type='virtio'/>
                </interface>
            """.formatted(bridge);
        try (Connection c = StandaloneConnector.create("bhyve:///system", driver).open("bhyve:///system")) {
            Domain d = c.defineXml(BhyveFixture.xml("net", UUID.randomUUID(), nic));
            d.create();
            fx.bhyve.awaitRunning("net", d.id());
            String live = d.xmlDesc();
            Matcher m = TAP.matcher(live);
            assertTrue(m.find(), live);
            String tap = m.group(1);
            String link = ip("-n", netns, "-o", "link", "show", "dev", tap);
            assertTrue(link.contains("master " + bridge), link);
            assertTrue(link.contains("link/ether fe:54:00:b9:94:02"), link);
            assertFalse(Files.exists(Path.of("/sys/class/net", tap)), "the tap is in the test's namespace");
            // bhyve ran what the converter builds for the live definition (the tap's name in it: read as a
            // live definition, as a caller's definition would not keep a generated vnetN)
            DomainDef def = DomainXml.parseLive(live, null);
            BhyveDomainRules.prepare(def, driver.capabilities());
            List<String> want = new ArrayList<>(BhyveCommandBuilder.build(def, driver.capabilities(), "unused").bhyve());
            want.set(0, fx.bhyve.bhyve().toString());
            assertEquals(want, fx.bhyve.recorded("bhyve", "net"));
            d.destroy();
            assertFalse(links().contains(tap + ":"), "the tap goes with the run");

            fx.bhyve.fail("bhyveload", "bhyveload: no disk");
            assertThrows(VirtException.class, d::create);
            assertFalse(links().contains("vnet"), "a failed start leaves no tap: " + links());
        }
    }
}
