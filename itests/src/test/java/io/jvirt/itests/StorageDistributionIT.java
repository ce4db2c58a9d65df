package io.jvirt.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.jvirt.api.testing.Prerequisite;

/**
 * The storage driver in the running distribution, as an administrator scripts it with bin/virt on
 * {@code qemu:///system}: the feature jvirt-driver-storage the distribution boots serves the QEMU
 * connection's storage calls. A directory pool under the distribution's home is defined, built,
 * started; qcow2 and raw volumes made by qemu-img, cloned, resized, a raw volume uploaded to and
 * downloaded from through files; everything deleted again, the pool's directory included.
 */
public class StorageDistributionIT {

    private static final String URI = "qemu:///system";
    private static KarafProcess karaf;

    @BeforeClass
    public static void startDistribution() throws Exception {
        for (String p : List.of("qemu-img", "qemu-system-x86_64")) {
            Prerequisite.require(KarafProcess.run(Path.of("."), List.of("sh", "-c", "command -v " + p), Map.of()).rc() == 0,
                p + " is not installed");
        }
        karaf = KarafProcess.unpack("storage-it");
        karaf.start(Map.of());
        karaf.awaitVirt("the storage calls of " + URI + " to be served", "-c", URI, "pool-list", "--all");
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void aDirPoolEndToEndFromTheConsole() throws Exception {
        Path target = karaf.home.resolve("pools/distpool");
        assertEquals("Pool distpool defined\n",
            ok(karaf.virt("-c", URI, "pool-define-as", "--name", "distpool", "--type", "dir", "--target", target.toString())));
        assertEquals("Pool distpool built\n", ok(karaf.virt("-c", URI, "pool-build", "distpool")));
        assertEquals("Pool distpool started\n", ok(karaf.virt("-c", URI, "pool-start", "distpool")));
        String list = ok(karaf.virt("-c", URI, "pool-list", "--all"));
        assertTrue(list, list.matches("(?s).*\\n distpool +active +no\\s*\\n.*"));

        assertEquals("Vol a.qcow2 created\n",
            ok(karaf.virt("-c", URI, "vol-create-as", "--format", "qcow2", "distpool", "a.qcow2", "16M")));
        assertEquals("Vol b.qcow2 cloned from a.qcow2\n", ok(karaf.virt("-c", URI, "vol-clone", "--pool", "distpool", "a.qcow2", "b.qcow2")));
        assertTrue(ok(karaf.virt("-c", URI, "vol-resize", "--pool", "distpool", "b.qcow2", "32M"))
            .startsWith("Size of volume 'b.qcow2' successfully changed"));
        String info = ok(karaf.virt("-c", URI, "vol-info", "--pool", "distpool", "b.qcow2"));
        assertTrue(info, info.contains("Capacity:       32.00 MiB"));
        assertTrue(Files.isRegularFile(target.resolve("b.qcow2")));

        assertEquals("Vol r.img created\n", ok(karaf.virt("-c", URI, "vol-create-as", "distpool", "r.img", "4M")));
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        Path in = Files.write(karaf.home.resolve("upload.bin"), data);
        Path out = karaf.home.resolve("download.bin");
        ok(karaf.virt("-c", URI, "vol-upload", "--pool", "distpool", "r.img", in.toString()));
        ok(karaf.virt("-c", URI, "vol-download", "--pool", "distpool", "--length", Integer.toString(data.length), "r.img",
            out.toString()));
        assertArrayEquals(data, Files.readAllBytes(out));

        String vols = ok(karaf.virt("-c", URI, "vol-list", "distpool"));
        for (String v : List.of("a.qcow2", "b.qcow2", "r.img")) {
            assertTrue(vols, vols.contains(" " + v + " ") && vols.contains(target.resolve(v).toString()));
        }
        for (String v : List.of("a.qcow2", "b.qcow2", "r.img")) {
            assertEquals("Vol " + v + " deleted\n", ok(karaf.virt("-c", URI, "vol-delete", "--pool", "distpool", v)));
        }
        assertEquals("Pool distpool destroyed\n", ok(karaf.virt("-c", URI, "pool-destroy", "distpool")));
        assertEquals("Pool distpool deleted\n", ok(karaf.virt("-c", URI, "pool-delete", "distpool")));
        assertFalse(Files.exists(target));
        assertEquals("Pool distpool has been undefined\n", ok(karaf.virt("-c", URI, "pool-undefine", "distpool")));
        assertFalse(ok(karaf.virt("-c", URI, "pool-list", "--all")).contains("distpool"));
    }

    private static String ok(KarafProcess.Result r) {
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }
}
