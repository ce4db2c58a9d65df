package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * Volume upload and download through the remote driver's streams, against a real libvirtd 9.0 with
 * its storage driver (storage:///system in the daemon's own mount namespace; a dir pool in a temp
 * folder the test makes): bytes written through an upload stream are read back through a download
 * stream and found in the volume's file.
 */
class RemoteStreamsTest {

    private static PrivateLibvirtd libvirtd;
    private static Connector connector;
    private static Path poolDir;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start(null, "storage");
        connector = StandaloneConnector.create(null, new RemoteDriver());
        poolDir = Files.createTempDirectory("jvirt-remote-pool");
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
        if (poolDir != null) {
            try (Stream<Path> s = Files.walk(poolDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void uploadsAVolumeAndReadsItBackThroughAStream() throws Exception {
        try (Connection c = connector.open(libvirtd.storageUri())) {
            StoragePool pool = c.createStoragePoolXml("<pool type='dir'><name>streams</name><target><path>" + poolDir
                + "</path></target></pool>");
            try {
                int size = 3 * 1024 * 1024 + 12345; // more than one 256 KiB packet, not a multiple of one
                StorageVol vol = pool.createVolumeXml("<volume><name>data.raw</name><capacity>" + size
                    + "</capacity><target><format type='raw'/></target></volume>");
                byte[] bytes = new byte[size];
                new Random(25).nextBytes(bytes);
                try (OutputStream up = vol.upload(0, 0)) {
                    up.write(bytes, 0, 1000);
                    up.write(bytes, 1000, size - 1000);
                }
                assertArrayEquals(bytes, Files.readAllBytes(poolDir.resolve("data.raw")), "the volume's file on libvirtd's side");
                assertArrayEquals(bytes, readAll(vol.download(0, 0)), "read back through a download stream");
                assertArrayEquals(Arrays.copyOfRange(bytes, 300_000, 300_000 + 70_000), readAll(vol.download(300_000, 70_000)),
                    "a range");
                // a download closed before its end aborts the stream; the connection goes on
                try (InputStream partial = vol.download(0, 0)) {
                    assertEquals(bytes[0] & 0xff, partial.read());
                }
                assertEquals(size, vol.info().capacity());
                vol.delete();
                VirtException e = assertThrows(VirtException.class, () -> vol.download(0, 0));
                assertEquals(ErrorCode.NO_STORAGE_VOL, e.code());
                assertTrue(c.isAlive());
            } finally {
                pool.destroy();
            }
        }
    }
}
