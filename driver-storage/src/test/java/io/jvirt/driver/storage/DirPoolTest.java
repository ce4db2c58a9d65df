package io.jvirt.driver.storage;

import static io.jvirt.driver.storage.QemuImgTest.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;

/** The directory pool on the real file system and the real qemu-img. */
class DirPoolTest {

    private static final long MIB = 1 << 20;

    private final StorageTools tools = StorageTools.of("qemu-img", 60_000, 600_000);

    @TempDir
    Path tmp;

    private Path target;
    private DirPool pool;

    @BeforeEach
    void setUp() {
        QemuImgTest.requireQemuImg();
        target = tmp.resolve("parent/pool");
        pool = tools.dirPool("p1", target, new Permissions(0750, -1, -1));
        pool.build(false, false);
        pool.start();
    }

    @Test
    void buildMakesTheDirectoryWithItsModeAndDeleteRemovesItOnlyWhenEmpty() throws Exception {
        assertTrue(Files.isDirectory(target));
        assertEquals(0750, Permissions.modeOf(target));
        assertTrue(pool.isActive());
        // built again: the existing directory gets the mode (libvirt's ALLOW_EXIST)
        Files.setPosixFilePermissions(target, Permissions.toSet(0700));
        pool.build(false, false);
        assertEquals(0750, Permissions.modeOf(target));
        // no mode asked for and a new directory: libvirt's 0711
        DirPool other = tools.dirPool("p2", tmp.resolve("p2"), Permissions.UNSET);
        other.build(false, false);
        assertEquals(0711, Permissions.modeOf(tmp.resolve("p2")));

        assertError(ErrorCode.INVALID_ARG, "mutually exclusive", () -> other.build(true, true));
        assertError(ErrorCode.OPERATION_INVALID, "No source device specified when formatting pool 'p2'", () -> other.build(false, true));

        pool.createVolume(VolumeSpec.of("a", ImageFormat.RAW, MIB, 0), false);
        assertError(ErrorCode.SYSTEM_ERROR, "failed to remove pool '" + target + "': Directory not empty", pool::delete);
        pool.deleteVolume("a");
        pool.delete();
        assertFalse(pool.isActive());
    }

    @Test
    void refreshListsVolumesWithFormatsSizesAndThePoolsSpace() throws Exception {
        pool.createVolume(VolumeSpec.of("b.qcow2", ImageFormat.QCOW2, 64 * MIB, 0), false);
        pool.createVolume(VolumeSpec.of("a.img", ImageFormat.RAW, 3 * MIB, 0), false);
        Files.createFile(target.resolve("bad\nname"));
        Files.createSymbolicLink(target.resolve("dangling"), target.resolve("nowhere"));
        PoolContents c = pool.refresh();
        assertEquals(List.of("a.img", "b.qcow2"), c.volumes().stream().map(VolumeInfo::name).toList());
        VolumeInfo a = c.volume("a.img");
        assertEquals(ImageFormat.RAW, a.format());
        assertEquals(3 * MIB, a.capacity());
        assertEquals(target.resolve("a.img").toString(), a.path());
        assertEquals(a.path(), a.key());
        VolumeInfo b = c.volume("b.qcow2");
        assertEquals(ImageFormat.QCOW2, b.format());
        assertEquals(64 * MIB, b.capacity());
        assertTrue(b.allocation() < b.capacity());
        PoolSpace s = c.space();
        assertTrue(s.capacity() > 0 && s.available() <= s.capacity());
        assertEquals(s.capacity() - s.available(), s.allocation());
    }

    @Test
    void sparseAndAllocatedRawVolumesAndPermissions() throws Exception {
        VolumeInfo sparse = pool.createVolume(VolumeSpec.of("sparse", ImageFormat.RAW, 32 * MIB, 0), false);
        assertEquals(32 * MIB, sparse.capacity());
        assertTrue(sparse.allocation() < sparse.capacity(), "allocation " + sparse.allocation());
        assertEquals(0600, Permissions.modeOf(target.resolve("sparse")), "libvirt's default volume mode");

        VolumeInfo full = pool.createVolume(VolumeSpec.of("full", ImageFormat.RAW, 8 * MIB, 8 * MIB)
            .withPermissions(new Permissions(0640, -1, 0)), false);
        assertTrue(full.allocation() >= 8 * MIB, "allocation " + full.allocation());
        assertEquals(0640, Permissions.modeOf(target.resolve("full")));

        VolumeInfo part = pool.createVolume(VolumeSpec.of("part", ImageFormat.RAW, 16 * MIB, 4 * MIB), false);
        assertTrue(part.allocation() >= 4 * MIB && part.allocation() < 16 * MIB, "allocation " + part.allocation());
    }

    @Test
    void aQcow2WithABackingVolumeReportsIt() {
        pool.createVolume(VolumeSpec.of("base.img", ImageFormat.RAW, 4 * MIB, 0), false);
        VolumeInfo top = pool.createVolume(VolumeSpec.of("top.qcow2", ImageFormat.QCOW2, 4 * MIB, 0)
            .withBacking(target.resolve("base.img").toString(), ImageFormat.RAW), false);
        assertEquals(target.resolve("base.img").toString(), top.backingPath());
        assertEquals(ImageFormat.RAW, top.backingFormat());
        assertError(ErrorCode.SYSTEM_ERROR, "inaccessible backing store volume missing.img",
            () -> pool.createVolume(VolumeSpec.of("t2", ImageFormat.QCOW2, MIB, 0).withBacking("missing.img", null), false));
        assertFalse(Files.exists(target.resolve("t2")), "the half-made volume is removed");
        assertError(ErrorCode.NO_SUPPORT, "backing storage not supported for raw volumes",
            () -> pool.createVolume(VolumeSpec.of("t3", ImageFormat.RAW, MIB, 0).withBacking("base.img", null), false));
    }

    @Test
    void resizesAreSeenAndShrinkingNeedsTheFlag() {
        pool.createVolume(VolumeSpec.of("r", ImageFormat.RAW, 4 * MIB, 0), false);
        pool.resizeVolume("r", 8 * MIB, false, false);
        assertEquals(8 * MIB, pool.volume("r").capacity());
        assertError(ErrorCode.INVALID_ARG, "Can't shrink capacity below current capacity unless shrink flag explicitly specified",
            () -> pool.resizeVolume("r", 2 * MIB, false, false));
        pool.resizeVolume("r", 2 * MIB, false, true);
        assertEquals(2 * MIB, pool.volume("r").capacity());
        pool.resizeVolume("r", 6 * MIB, true, false);
        assertTrue(pool.volume("r").allocation() >= 4 * MIB);

        pool.createVolume(VolumeSpec.of("q", ImageFormat.QCOW2, 4 * MIB, 0), false);
        pool.resizeVolume("q", 10 * MIB + 1, false, false);
        assertEquals(10 * MIB + 512, pool.volume("q").capacity(), "rounded up to 512 as libvirt does");
        assertError(ErrorCode.OPERATION_UNSUPPORTED, "preallocate is only supported for raw type volume",
            () -> pool.resizeVolume("q", 12 * MIB, true, false));
        pool.resizeVolume("q", 4 * MIB, false, true);
        assertEquals(4 * MIB, pool.volume("q").capacity());
    }

    @Test
    void uploadThenDownloadIsByteIdenticalAndClonesHaveTheSameBytes() throws Exception {
        byte[] data = new byte[5 * (int) MIB + 123];
        new Random(23).nextBytes(data);
        for (int i = 0; i < MIB; i++) {
            data[2 * (int) MIB + i] = 0; // a zero MiB for the sparse copy to skip
        }
        pool.createVolume(VolumeSpec.of("disk.img", ImageFormat.RAW, data.length, 0), false);
        assertEquals(data.length, pool.upload("disk.img", new ByteArrayInputStream(data), 0, 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(data.length, pool.download("disk.img", out, 0, 0));
        assertArrayEquals(data, out.toByteArray());

        // offset and length
        ByteArrayOutputStream part = new ByteArrayOutputStream();
        assertEquals(1000, pool.download("disk.img", part, 4096, 1000));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4096, 5096), part.toByteArray());
        byte[] patch = new byte[300];
        java.util.Arrays.fill(patch, (byte) 7);
        assertEquals(100, pool.upload("disk.img", new ByteArrayInputStream(patch, 0, 100), 10, 100));
        assertError(ErrorCode.SYSTEM_ERROR, "beyond the limit",
            () -> pool.upload("disk.img", new ByteArrayInputStream(patch), 10, 100));
        System.arraycopy(patch, 0, data, 10, 100);

        // raw to raw (sparse), raw to qcow2, qcow2 back to raw
        VolumeInfo src = pool.volume("disk.img");
        pool.cloneVolume(VolumeSpec.of("copy.img", ImageFormat.RAW, 0, 0), src, false);
        pool.cloneVolume(VolumeSpec.of("copy.qcow2", ImageFormat.QCOW2, 0, 0), src, false);
        assertEquals(ImageFormat.QCOW2, pool.volume("copy.qcow2").format());
        pool.cloneVolume(VolumeSpec.of("back.img", ImageFormat.RAW, 0, 0), pool.volume("copy.qcow2"), false);
        for (String v : List.of("copy.img", "back.img")) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            pool.download(v, o, 0, 0);
            byte[] got = o.toByteArray();
            // qemu-img keeps the virtual size, which a raw file rounds to 512 bytes
            assertArrayEquals(data, java.util.Arrays.copyOf(got, data.length), v);
            long expected = v.equals("copy.img") ? src.capacity() : QemuImg.roundUp(src.capacity(), 512);
            assertEquals(expected, pool.volume(v).capacity(), v);
        }
    }

    @Test
    void namesThatEscapeThePoolAreRefused() {
        for (String bad : List.of("../escape", "a/b", "/etc/passwd")) {
            assertError(ErrorCode.OPERATION_INVALID, "volume name '" + bad + "' cannot contain '/'",
                () -> pool.createVolume(VolumeSpec.of(bad, ImageFormat.RAW, MIB, 0), false));
        }
        for (String bad : List.of("..", ".")) {
            assertError(ErrorCode.OPERATION_INVALID, "is not allowed",
                () -> pool.createVolume(VolumeSpec.of(bad, ImageFormat.RAW, MIB, 0), false));
            assertError(ErrorCode.OPERATION_INVALID, "is not allowed", () -> pool.deleteVolume(bad));
        }
        assertError(ErrorCode.OPERATION_INVALID, "control characters",
            () -> pool.createVolume(VolumeSpec.of("a\nb", ImageFormat.RAW, MIB, 0), false));
        assertFalse(Files.exists(tmp.resolve("parent/escape")));
    }

    @Test
    void failuresLeaveNoFileBehindAndExistingFilesAreNotTouched() throws Exception {
        // qemu-img refuses the format: its stderr is in the error, no file left
        assertError(ErrorCode.INTERNAL_ERROR, "does not support image creation",
            () -> pool.createVolume(VolumeSpec.of("v.cloop", ImageFormat.CLOOP, MIB, 0), false));
        assertFalse(Files.exists(target.resolve("v.cloop")));
        // a raw volume asking for more than the file system has: fallocate fails after the file was made
        long tooMuch = Files.getFileStore(target).getUnallocatedSpace() + 1024 * MIB;
        assertError(ErrorCode.SYSTEM_ERROR, "cannot allocate",
            () -> pool.createVolume(VolumeSpec.of("huge", ImageFormat.RAW, tooMuch, tooMuch), false));
        assertFalse(Files.exists(target.resolve("huge")));
        // an existing file (or a planted link) is never overwritten, nor removed by the failure
        Files.write(target.resolve("keep"), new byte[] {1, 2, 3});
        assertError(ErrorCode.OPERATION_INVALID, "volume target path '" + target.resolve("keep") + "' already exists",
            () -> pool.createVolume(VolumeSpec.of("keep", ImageFormat.QCOW2, MIB, 0), false));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target.resolve("keep")));
        Path outside = tmp.resolve("outside");
        Files.createSymbolicLink(target.resolve("link"), outside);
        assertError(ErrorCode.OPERATION_INVALID, "already exists",
            () -> pool.createVolume(VolumeSpec.of("link", ImageFormat.RAW, MIB, 0), false));
        assertFalse(Files.exists(outside));
    }

    @Test
    void aSymlinkedVolumeIsListedButNeverWrittenThrough() throws Exception {
        Path outside = tmp.resolve("secret");
        Files.write(outside, new byte[] {9, 9, 9, 9});
        Files.createSymbolicLink(target.resolve("ln"), outside);
        assertEquals(4, pool.refresh().volume("ln").capacity());
        assertError(ErrorCode.OPERATION_INVALID, "is a symbolic link",
            () -> pool.upload("ln", new ByteArrayInputStream(new byte[4]), 0, 0));
        assertError(ErrorCode.OPERATION_INVALID, "is a symbolic link", () -> pool.wipeVolume("ln", WipeAlgorithm.ZERO));
        assertError(ErrorCode.OPERATION_INVALID, "is a symbolic link", () -> pool.resizeVolume("ln", 8, false, false));
        assertArrayEquals(new byte[] {9, 9, 9, 9}, Files.readAllBytes(outside));
        pool.deleteVolume("ln");
        assertTrue(Files.exists(outside), "deleting the volume removes the link, not its target");
    }

    @Test
    void wipeZeroesAndTrimIsRefused() throws Exception {
        byte[] data = new byte[(int) MIB];
        new Random(1).nextBytes(data);
        pool.createVolume(VolumeSpec.of("w", ImageFormat.RAW, MIB, MIB), false);
        pool.upload("w", new ByteArrayInputStream(data), 0, 0);
        pool.wipeVolume("w", WipeAlgorithm.ZERO);
        assertArrayEquals(new byte[(int) MIB], Files.readAllBytes(target.resolve("w")));
        pool.createVolume(VolumeSpec.of("s", ImageFormat.RAW, 4 * MIB, 0), false);
        pool.upload("s", new ByteArrayInputStream(data), MIB, 0);
        pool.wipeVolume("s", WipeAlgorithm.ZERO);
        assertArrayEquals(new byte[4 * (int) MIB], Files.readAllBytes(target.resolve("s")));
        assertEquals(4 * MIB, Files.size(target.resolve("s")));
        assertError(ErrorCode.ARGUMENT_UNSUPPORTED, "'trim' algorithm not supported", () -> pool.wipeVolume("s", WipeAlgorithm.TRIM));
        assertNull(WipeAlgorithm.ofNumber(10));
    }

    @Test
    void directoryVolumes() throws Exception {
        VolumeInfo d = pool.createVolume(VolumeSpec.of("sub", ImageFormat.DIR, 0, 0), false);
        assertEquals(VolumeInfo.Type.DIR, d.type());
        assertEquals(0600, Permissions.modeOf(target.resolve("sub")));
        assertError(ErrorCode.INTERNAL_ERROR, "cannot copy from volume to a directory volume",
            () -> pool.cloneVolume(VolumeSpec.of("sub2", ImageFormat.RAW, 0, 0), d, false));
        pool.deleteVolume("sub");
        assertFalse(Files.exists(target.resolve("sub")));
        assertError(ErrorCode.NO_STORAGE_VOL, "no storage vol with matching path", () -> pool.volume("sub"));
    }

    @Test
    void aKnownFormatIsNotProbedSoAGuestWrittenHeaderCannotReachAHostFile() throws Exception {
        Path secret = tmp.resolve("host-secret");
        byte[] secretBytes = "host secret bytes, never to reach a volume".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(secret, secretBytes);
        // what a guest can write into its raw disk: a qcow2 header naming a host file as backing store
        Path forged = tmp.resolve("forged.qcow2");
        tools.qemuImg().create(forged, VolumeSpec.of("f", ImageFormat.QCOW2, MIB, 0).withBacking(secret.toString(), ImageFormat.RAW), false);
        byte[] header = Files.readAllBytes(forged);

        pool.createVolume(VolumeSpec.of("guest.img", ImageFormat.RAW, MIB, 0), false);
        pool.upload("guest.img", new ByteArrayInputStream(header), 0, 0);

        // probing (libvirt's refresh): the raw disk now reads as a qcow2 backed by the host file
        VolumeInfo probed = pool.refresh().volume("guest.img");
        assertEquals(ImageFormat.QCOW2, probed.format());
        assertEquals(secret.toString(), probed.backingPath());

        // the format the volume was defined with: raw, no backing, and a clone copies the disk's own bytes
        DirPool knowing = tools.dirPool("p1", target, Permissions.UNSET, n -> n.equals("guest.img") ? ImageFormat.RAW : null);
        VolumeInfo known = knowing.refresh().volume("guest.img");
        assertEquals(ImageFormat.RAW, known.format());
        assertNull(known.backingPath());
        knowing.cloneVolume(VolumeSpec.of("copy.qcow2", ImageFormat.QCOW2, 0, 0), known, false);
        knowing.cloneVolume(VolumeSpec.of("copy2.img", ImageFormat.RAW, 0, 0), knowing.volume("copy.qcow2"), false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        knowing.download("copy2.img", out, 0, 0);
        byte[] got = out.toByteArray();
        assertArrayEquals(header, java.util.Arrays.copyOf(got, header.length));
        assertFalse(new String(got, java.nio.charset.StandardCharsets.ISO_8859_1).contains("host secret bytes"));
    }

    @Test
    void uploadAndDownloadAsStreamsToWriteAndRead() throws Exception {
        byte[] data = new byte[3 * (int) MIB + 7];
        new Random(77).nextBytes(data);
        pool.createVolume(VolumeSpec.of("s.img", ImageFormat.RAW, data.length, 0), false);
        try (java.io.OutputStream out = pool.openUpload("s.img", 0, 0)) {
            out.write(data, 0, 1000);
            out.write(data, 1000, data.length - 1000);
        }
        try (java.io.InputStream in = pool.openDownload("s.img", 0, 0)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (java.io.InputStream in = pool.openDownload("s.img", 100, 50)) {
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 150), in.readAllBytes());
        }
        java.io.OutputStream bounded = pool.openUpload("s.img", 10, 4);
        bounded.write(new byte[4]);
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> bounded.write(1));
        assertTrue(e.getMessage().contains("beyond the limit"), e.getMessage());
        bounded.close();
        Files.createSymbolicLink(target.resolve("ln2"), target.resolve("s.img"));
        assertError(ErrorCode.OPERATION_INVALID, "is a symbolic link", () -> pool.openUpload("ln2", 0, 0));
    }
}
