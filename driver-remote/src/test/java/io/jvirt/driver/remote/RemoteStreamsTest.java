package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.SparseInput;
import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolDownloadFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Prerequisite;
import io.jvirt.core.kit.HostCommand;
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
    private static Path holesDir;

    @BeforeAll
    static void start() throws Exception {
        libvirtd = PrivateLibvirtd.start(null, "storage");
        connector = StandaloneConnector.create(null, new RemoteDriver());
        poolDir = Files.createTempDirectory("jvirt-remote-pool");
        holesDir = Files.createTempDirectory("jvirt-remote-holes");
    }

    @AfterAll
    static void stop() throws Exception {
        if (libvirtd != null) {
            libvirtd.close();
        }
        for (Path dir : new Path[] {poolDir, holesDir}) {
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
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

    // ---- sparse downloads: libvirtd, the oracle of what a libvirt client receives ----

    private static final long MIB = 1 << 20;
    /** As server-bundle's StreamOverTheWireTest: 64 MiB, 512 KiB of data at 1 MiB and at 40 MiB. */
    private static final long SPARSE_SIZE = 64 * MIB;
    private static final long[][] SPARSE_DATA = {{MIB, MIB / 2}, {40 * MIB, MIB / 2}};
    private static final List<String> SECTIONS = List.of("hole " + MIB, "data " + MIB / 2, "hole " + (40 * MIB - MIB - MIB / 2),
        "data " + MIB / 2, "hole " + (SPARSE_SIZE - 40 * MIB - MIB / 2));

    private static long allocated(Path p) throws Exception {
        HostCommand.Result r = HostCommand.run(List.of("/usr/bin/stat", "-c", "%b %B", p.toString()), 10_000, ErrorDomain.NONE);
        String[] f = r.output().strip().split(" ");
        return Long.parseLong(f[0]) * Long.parseLong(f[1]);
    }

    private static void assertSparseCopy(Path source, Path copy, boolean sparse) throws Exception {
        assertEquals(SPARSE_SIZE, Files.size(copy), "the size, trailing hole included");
        assertEquals(-1, Files.mismatch(source, copy), "the same bytes");
        long onDisk = allocated(copy);
        if (sparse) {
            assertTrue(onDisk >= MIB && onDisk <= 2 * MIB, "holes kept: " + onDisk + " bytes on disk for 1 MiB of data");
        } else {
            assertTrue(onDisk >= SPARSE_SIZE, "without --sparse every byte is written: " + onDisk + " bytes on disk");
        }
    }

    /** The sections a sparse download tells through {@link SparseInput}, its bytes read into {@code out}. */
    private static List<String> sections(InputStream in, java.io.ByteArrayOutputStream out) throws Exception {
        SparseInput sparse = (SparseInput) in;
        List<String> sections = new ArrayList<>();
        long run = 0;
        byte[] buf = new byte[300_000];
        while (true) {
            SparseInput.Section s = sparse.section();
            if (s.end() || s.hole()) {
                if (run > 0) {
                    sections.add("data " + run);
                    run = 0;
                }
                if (s.end()) {
                    return sections;
                }
                sections.add("hole " + s.length());
                sparse.skipHole(s.length());
                out.write(new byte[(int) s.length()]);
                continue;
            }
            int n = in.read(buf, 0, (int) Math.min(buf.length, s.length()));
            out.write(buf, 0, n);
            run += n;
        }
    }

    /**
     * A sparse file volume of libvirtd's dir pool: virsh vol-download --sparse and libvirt-python's
     * sparseRecvAll get its holes as holes (the file they write takes about its 1 MiB of data on
     * disk; server-bundle's StreamOverTheWireTest expects the same of jvirt's server), and jvirt's
     * remote driver reads the same bytes, holes as zeros, and tells the holes libvirtd sent.
     */
    @Test
    void aSparseDownloadFromLibvirtdKeepsItsHoles() throws Exception {
        try (Connection c = connector.open(libvirtd.storageUri())) {
            StoragePool pool = c.createStoragePoolXml("<pool type='dir'><name>holes</name><target><path>" + holesDir
                + "</path></target></pool>");
            try {
                StorageVol vol = pool.createVolumeXml("<volume><name>sparse.raw</name><capacity>" + SPARSE_SIZE
                    + "</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>");
                Path file = holesDir.resolve("sparse.raw");
                try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(SPARSE_SIZE);
                    for (long[] d : SPARSE_DATA) {
                        byte[] b = new byte[(int) d[1]];
                        new Random(d[0]).nextBytes(b);
                        f.seek(d[0]);
                        f.write(b);
                    }
                }
                assertTrue(allocated(file) <= 2 * MIB, "the volume is sparse");
                byte[] expected = Files.readAllBytes(file);

                // jvirt's remote driver: the holes as libvirtd sent them, the bytes the same
                java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
                try (InputStream in = vol.download(0, 0, StorageVolDownloadFlag.SPARSE_STREAM)) {
                    assertEquals(SECTIONS, sections(in, got));
                }
                assertArrayEquals(expected, got.toByteArray());
                assertArrayEquals(expected, readAll(vol.download(0, 0, StorageVolDownloadFlag.SPARSE_STREAM)),
                    "a sparse download read plainly: holes as zeros");
                long off = MIB / 2 + 100;
                long len = 40 * MIB - off + 4096 + 7;
                assertArrayEquals(Arrays.copyOfRange(expected, (int) off, (int) (off + len)),
                    readAll(vol.download(off, len, StorageVolDownloadFlag.SPARSE_STREAM)), "a range across holes and data");

                // libvirt's own clients against libvirtd
                Path home = Files.createTempDirectory(holesDir.getParent(), "jvirt-remote-home");
                try {
                    Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/virsh")), "virsh (libvirt-clients) is not installed");
                    Path out = home.resolve("virsh-sparse.img");
                    HostCommand.Result down = HostCommand.run(List.of("/usr/bin/virsh", "-c", libvirtd.storageUri(), "vol-download",
                        "--sparse", "--pool", "holes", "sparse.raw", out.toString()), Map.of("PATH", "/usr/bin:/bin", "HOME",
                        home.toString(), "LC_ALL", "C"), 60_000, ErrorDomain.NONE);
                    assertEquals(0, down.status(), down.output());
                    assertSparseCopy(file, out, true);

                    Path script = Path.of("../server-bundle/src/test/python/libvirt_sparse_download.py").toAbsolutePath();
                    Prerequisite.require(Files.exists(Path.of("/usr/lib/python3/dist-packages/libvirt.py")),
                        "python3-libvirt is not installed");
                    HostCommand.Result py = HostCommand.run(List.of("/usr/bin/python3", script.toString(), libvirtd.storageUri(),
                        "holes", "sparse.raw", home.resolve("py-sparse.img").toString(), home.resolve("py-plain.img").toString()),
                        Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(), "LC_ALL", "C.UTF-8"), 120_000, ErrorDomain.NONE);
                    assertEquals(0, py.status(), py.output());
                    assertTrue(py.output().contains("sparse data " + MIB + " holes 3 hole_bytes " + (SPARSE_SIZE - MIB)), py.output());
                    assertSparseCopy(file, home.resolve("py-sparse.img"), true);
                    assertSparseCopy(file, home.resolve("py-plain.img"), false);
                } finally {
                    try (Stream<Path> s = Files.walk(home)) {
                        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
                vol.delete();
            } finally {
                pool.destroy();
            }
        }
    }
}
