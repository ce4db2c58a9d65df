package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.jvirt.api.testing.Poll;

/**
 * Named connections in the distribution, configured as an administrator does: files
 * {@code etc/io.jvirt.connection-NAME.cfg} that Karaf's fileinstall hands to ConfigAdmin. Two point
 * at the distribution's own libvirt-protocol server (jvirt managing itself over the remote driver),
 * one at a socket nobody listens on; {@code virt:connections}, {@code virt:list --all-hosts} and
 * {@code bin/virt -c NAME} through the real console. The container is ended by its pid at the end.
 */
public class NamedConnectionsDistributionIT {

    private static final String ADMIN_PASSWORD = "a-" + UUID.randomUUID();
    private static final String SECRET = "pw-" + UUID.randomUUID();
    private static KarafProcess karaf;
    private static Path socket;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("named-it");
        karaf.setUser("ops", "admin", ADMIN_PASSWORD);
        karaf.start(Map.of());
        socket = karaf.home.resolve("data/run/libvirt-sock");
        Poll.until("the server's socket " + socket, Duration.ofMinutes(2), () -> Files.exists(socket));
        Path etc = karaf.home.resolve("etc");
        Files.writeString(etc.resolve("io.jvirt.connection-self.cfg"),
            "uri = test+unix:///default?socket=" + socket + "\nkeepalive.interval = 2\nkeepalive.count = 3\n");
        Files.writeString(etc.resolve("io.jvirt.connection-mirror.cfg"),
            "uri = test+unix:///default?socket=" + socket + "\nreadonly = true\nusername = ops\n.password = " + SECRET + "\n");
        Files.writeString(etc.resolve("io.jvirt.connection-down.cfg"),
            "uri = test+unix:///default?socket=" + karaf.home.resolve("data/run/nobody-listens") + "\nreconnect.initial = 200\n"
                + "reconnect.max = 1000\n");
        Poll.until("the named connections' states", Duration.ofMinutes(2), () -> {
            String out = karaf.virt("connections").out();
            return out.lines().anyMatch(l -> l.matches(" self .* connected .*"))
                && out.lines().anyMatch(l -> l.matches(" mirror .* connected \\(read-only\\) .*"))
                && out.lines().anyMatch(l -> l.matches(" down .* reconnecting .*Failed to connect socket.*"));
        }, () -> {
            try {
                return karaf.virt("connections").out();
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void connectionsShowStateAndNeverTheSecret() throws Exception {
        KarafProcess.Result r = karaf.virt("connections");
        assertEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().startsWith(" Name     URI"));
        assertTrue(r.out(), r.out().lines().anyMatch(l -> l.matches(" mirror .* config .*")));
        assertFalse(r.out(), r.out().contains(SECRET));
        String log = Files.readString(karaf.home.resolve("data/log/karaf.log"));
        assertTrue("the failing host is in the log", log.contains("named connection 'down'"));
        assertFalse("the secret is not in the log", log.contains(SECRET));
    }

    @Test
    public void allHostsListsEveryHostWithAnErrorRowForTheOneDown() throws Exception {
        KarafProcess.Result r = karaf.virt("list", "--all", "--all-hosts");
        assertNotEquals("a host failed: " + r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().startsWith(" Host     Id   Name   State\n"));
        assertTrue(r.out(), r.out().lines().anyMatch(l -> l.matches(" down +- +- +error: .*Failed to connect socket.*")));
        assertTrue(r.out(), r.out().lines().anyMatch(l -> l.matches(" mirror +1 +test +running")));
        assertTrue(r.out(), r.out().lines().anyMatch(l -> l.matches(" self +1 +test +running")));

        KarafProcess.Result two = karaf.virt("list", "--all", "--connections", "self,mirror");
        assertEquals(two.out(), 0, two.rc());
        assertEquals(4, two.out().lines().count());
    }

    @Test
    public void binVirtDashCNameConnectsToTheNamedConnection() throws Exception {
        KarafProcess.Result uri = karaf.virt("-c", "self", "uri");
        assertEquals(uri.out(), 0, uri.rc());
        assertEquals("test+unix:///default?socket=" + socket + "\n", uri.out());
        KarafProcess.Result ro = karaf.virt("-c", "mirror", "suspend", "test");
        assertNotEquals("mirror is read-only: " + ro.out(), 0, ro.rc());
        assertTrue(ro.out(), ro.out().contains("operation forbidden"));
    }

    @Test
    public void eachNamedConnectionIsAConnectionServiceWithItsNameAndUri() throws Exception {
        KarafProcess.Result r = karaf.ssh("ops", ADMIN_PASSWORD, "service:list io.jvirt.api.Connection");
        assertEquals(r.out(), 0, r.rc());
        for (String name : new String[] {"self", "mirror", "down"}) {
            assertTrue(r.out(), r.out().contains("name = " + name));
        }
        assertTrue(r.out(), r.out().contains("uri = test+unix:///default?socket=" + socket));
        assertFalse(r.out(), r.out().contains(SECRET));
    }
}
