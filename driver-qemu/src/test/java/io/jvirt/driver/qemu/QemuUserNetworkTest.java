package io.jvirt.driver.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.testing.Poll;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * User networking ({@code <interface type='user'>}) must not give a guest the host's loopback:
 * QEMU's own slirp forwards a guest's connection to 10.0.2.2 to the host's 127.0.0.1, where the
 * jvirt console and every other local-only service listen. A real guest tries, from inside a
 * network namespace the test creates (the "host" here is that namespace: its loopback carries the
 * test's listener, a veth pair into nowhere its address and default route, so nothing leaves it): its
 * connections to the slirp host alias and to the gateway must not reach the loopback listener,
 * while a service on the host's own address stays reachable (user networking stays useful).
 */
class QemuUserNetworkTest {

    @TempDir
    Path dir;
    QemuDriver driver;
    Connection conn;
    String netns;
    final List<Process> listeners = new ArrayList<>();
    /** The domain's passt socket directory, once known: its passt is killed by pid at the end, whatever failed. */
    Path sockets;

    @BeforeEach
    void open() throws Exception {
        QemuTestSupport.assumeQemu();
        QemuTestSupport.assumeNetAdmin();
        netns = "jvuser" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        QemuNetworkTest.ip("netns", "add", netns);
        QemuNetworkTest.ip("-n", netns, "link", "set", "lo", "up");
        // the namespace's "uplink": a veth pair whose far end answers nobody, so what is sent there stays there
        QemuNetworkTest.ip("-n", netns, "link", "add", "uplink0", "type", "veth", "peer", "name", "void0");
        QemuNetworkTest.ip("-n", netns, "addr", "add", "10.213.77.2/24", "dev", "uplink0");
        QemuNetworkTest.ip("-n", netns, "link", "set", "void0", "up");
        QemuNetworkTest.ip("-n", netns, "link", "set", "uplink0", "up");
        QemuNetworkTest.ip("-n", netns, "route", "add", "default", "via", "10.213.77.1");
        driver = new QemuDriver(QemuLifecycleTest.settings(dir).withNetns("/run/netns/" + netns));
        conn = StandaloneConnector.create(null, driver).open("qemu:///system");
    }

    @AfterEach
    void cleanup() throws Exception {
        try {
            QemuTestSupport.stop(conn, driver, dir);
            if (sockets != null) {
                QemuTestSupport.killAll(sockets);
            }
        } finally {
            for (Process p : listeners) {
                p.destroyForcibly();
                p.waitFor();
            }
            if (netns != null && Files.exists(Path.of("/run/netns", netns))) {
                QemuNetworkTest.ip("netns", "del", netns);
            }
        }
    }

    /** A TCP listener inside the namespace on {@code address:port} appending what it receives to {@code file}. */
    private void listen(String address, int port, Path file) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", netns, "socat", "-u",
            "TCP-LISTEN:" + port + ",bind=" + address + ",reuseaddr,fork", "OPEN:" + file + ",creat,append")
            .redirectErrorStream(true).redirectOutput(dir.resolve("socat-" + port + ".log").toFile()).start();
        listeners.add(p);
        Poll.until("the listener on " + address + ":" + port, Duration.ofSeconds(10), () -> {
            try {
                return HostCommand.run(List.of("ip", "netns", "exec", netns, "ss", "-Hltn", "src", address + ":" + port),
                    10_000, io.jvirt.api.ErrorDomain.QEMU).text().contains(":" + port);
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void aGuestOnUserNetworkingCannotReachTheHostsLoopback() throws Exception {
        Path loopbackHits = dir.resolve("loopback.received");
        Path hostHits = dir.resolve("host-address.received");
        int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        listen("127.0.0.1", port, loopbackHits);
        listen("10.213.77.2", port + 1, hostHits);

        String targets = "10.0.2.2:" + port + ",10.213.77.1:" + port + ",10.213.77.2:" + (port + 1);
        Path serial = dir.resolve("user.serial");
        String xml = QemuTestSupport.tinyGuestXml("user", QemuTestSupport.tinyGuest(), serial)
            .replace("panic=-1", "panic=-1 jvirt.ip=10.0.2.15/24 jvirt.gw=10.0.2.2 jvirt.connect=" + targets)
            .replace("</devices>", "<interface type='user'><mac address='52:54:00:5e:a1:10'/><model type='virtio'/></interface></devices>");
        Domain d = conn.defineXml(xml);
        d.create();
        sockets = QemuUserNet.socketDir("system", io.jvirt.api.domain.DomainXml.parseLive(d.xmlDesc(), null),
            dir.resolve("system/run").resolve(d.uuid() + ".qmp"));

        Poll.until("the guest's three connection attempts", Duration.ofMinutes(3), () -> QemuTestSupport.count(serial, "CONNECT ") >= 3);
        String log = Files.readString(serial);
        assertFalse(Files.exists(loopbackHits) && Files.size(loopbackHits) > 0,
            "the guest reached the host's loopback: " + log);
        assertTrue(log.contains("CONNECT 10.0.2.2:" + port + " FAIL"), log);
        assertTrue(log.contains("CONNECT 10.213.77.1:" + port + " FAIL"), log);
        assertTrue(log.contains("CONNECT 10.213.77.2:" + (port + 1) + " OK"), "user networking still reaches other hosts: " + log);
        Poll.until("what the guest sent", Duration.ofSeconds(10), () -> QemuTestSupport.fileContains(hostHits, "hello from the guest"));

        assertEquals(2, QemuTestSupport.processesUsing(sockets).size(), "QEMU and one passt for the one user interface");
        d.destroy();
        assertEquals(List.of(), QemuTestSupport.processesUsing(sockets), "no passt outlives the guest");
        assertFalse(Files.exists(sockets), "its socket directory is gone");
    }
}
