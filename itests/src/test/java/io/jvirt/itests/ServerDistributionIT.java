package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.jvirt.api.testing.Poll;
import io.jvirt.api.testing.Prerequisite;

/**
 * The distribution serves libvirt's protocol out of the box (feature jvirt-server in jvirt-all):
 * real virsh over {@code data/run/libvirt-sock} gives libvirt's own test driver's output, and the
 * read-only socket beside it refuses changes. The container is ended by its pid at the end.
 */
public class ServerDistributionIT {

    private static KarafProcess karaf;
    private static Path socket;

    @BeforeClass
    public static void startDistribution() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
        karaf = KarafProcess.unpack("server-it");
        karaf.start(Map.of());
        socket = karaf.home.resolve("data/run/libvirt-sock");
        Poll.until("the server's socket " + socket, Duration.ofMinutes(2), () -> Files.exists(socket));
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    private static KarafProcess.Result virsh(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-c", uri));
        cmd.addAll(List.of(args));
        Path home = Files.createDirectories(karaf.home.resolve("virsh-home"));
        return KarafProcess.run(karaf.home, cmd, Map.of("HOME", home.toString(), "LC_ALL", "C"));
    }

    @Test
    public void virshDrivesTheTestDriverAsLibvirtsOwn() throws Exception {
        String uri = "test+unix:///default?socket=" + socket;
        for (String[] args : List.of(new String[] {"list", "--all"}, new String[] {"domstate", "test", "--reason"},
            new String[] {"net-list", "--all"})) {
            KarafProcess.Result ours = virsh(uri, args);
            KarafProcess.Result libvirt = virsh("test:///default", args);
            assertEquals(String.join(" ", args), libvirt.out(), ours.out());
            assertEquals(String.join(" ", args), 0, ours.rc());
        }
        String info = virsh(uri, "dominfo", "test").out();
        assertTrue(info, info.startsWith("Id:             1\nName:           test\nUUID:           6695eb01-f6a4-8304-79aa-97f2502e193f\n"));
    }

    @Test
    public void theReadOnlySocketReadsAndRefusesChanges() throws Exception {
        Path ro = socket.resolveSibling("libvirt-sock-ro");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwxrwxrwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(ro)));
        String uri = "test+unix:///default?socket=" + ro;
        assertEquals(0, virsh(uri, "list", "--all").rc());
        KarafProcess.Result r = virsh(uri, "suspend", "test");
        assertEquals(r.out(), 1, r.rc());
        assertTrue(r.out(), r.out().contains("operation forbidden"));
    }
}
