package io.jvirt.driver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.Prerequisite;

/** qemu-img's argv as libvirt's storage_util.c builds it, and the real qemu-img reading it back. */
class QemuImgTest {

    private final StorageTools tools = StorageTools.of("qemu-img", 60_000, 600_000);
    private final QemuImg q = tools.qemuImg();

    @TempDir
    Path dir;

    @Test
    void createArgvIsLibvirts() {
        Path p = Path.of("/pool/v.qcow2");
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "-o", "compat=0.10", "/pool/v.qcow2", "1024K"),
            q.createArgv(p, VolumeSpec.of("v.qcow2", ImageFormat.QCOW2, 1 << 20, 0), false));
        // a size in bytes rounds up to KiB; a backing store with its format; no size when 0 with a backing
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "-b", "/pool/base", "-o", "backing_fmt=raw,compat=0.10",
                "/pool/v.qcow2"),
            q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 0, 0).withBacking("/pool/base", null), false));
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "-o", "preallocation=metadata,compat=1.1,cluster_size=4096,lazy_refcounts",
                "/pool/v.qcow2", "2K"),
            q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1025, 0).withQcow2("1.1", 4096, true), true));
        assertEquals(List.of("qemu-img", "create", "-f", "qcow2", "-o", "preallocation=falloc,compat=0.10", "/pool/v.qcow2", "1K"),
            q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1024, 1024), true));
        assertEquals(List.of("qemu-img", "convert", "-f", "raw", "-O", "qcow2", "-o", "compat=0.10", "/a", "/pool/v.qcow2"),
            q.convertArgv(Path.of("/a"), ImageFormat.RAW, p, VolumeSpec.of("v", ImageFormat.QCOW2, 1, 1).withBacking("/x", null)));
        assertEquals(List.of("qemu-img", "resize", "--shrink", "-f", "qcow2", "/pool/v.qcow2", "1024"),
            q.resizeArgv(p, ImageFormat.QCOW2, 4096, 1000));
    }

    @Test
    void libvirtsOptionChecks() {
        Path p = Path.of("/pool/v");
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "lazy_refcounts not supported with compat level 0.10",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1, 0).withQcow2("0.10", 0, true), false));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "compatibility option only available with qcow2",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.VMDK, 1, 0).withQcow2("1.1", 0, false), false));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation only available with qcow2",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.QED, 1, 0), true));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "metadata preallocation conflicts with backing store",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1, 0).withBacking("/b", ImageFormat.RAW), true));
        // a backing name qemu-img would read as a protocol or a JSON block graph
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "would be read by qemu-img as a protocol",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1, 0).withBacking("nbd:evil:10809", null), false));
        assertError(ErrorCode.CONFIG_UNSUPPORTED, "would be read by qemu-img as a protocol",
            () -> q.createArgv(p, VolumeSpec.of("v", ImageFormat.QCOW2, 1, 0).withBacking("json:{\"driver\":\"file\"}", null), false));
        assertThrows(IllegalArgumentException.class, () -> VolumeSpec.of("v", ImageFormat.QCOW2, 1, 0).withQcow2("1.1,size=1", 0, false));
    }

    @Test
    void aQcow2WithABackingFileReportsItAndAResizeIsSeen() throws Exception {
        requireQemuImg();
        Path base = dir.resolve("base.raw");
        Files.write(base, new byte[4096]);
        Path top = dir.resolve("top.qcow2");
        q.create(top, VolumeSpec.of("top.qcow2", ImageFormat.QCOW2, 8 << 20, 0).withBacking(base.toString(), ImageFormat.RAW), false);
        ImageInfo i = q.info(top, null);
        assertEquals(ImageFormat.QCOW2, i.format());
        assertEquals(8 << 20, i.capacity());
        assertEquals(base.toString(), i.backingFile());
        assertEquals(ImageFormat.RAW, i.backingFormat());
        assertEquals("0.10", i.compat());

        q.resize(top, ImageFormat.QCOW2, i.capacity(), 16 << 20);
        assertEquals(16 << 20, q.info(top, ImageFormat.QCOW2).capacity());
    }

    @Test
    void aFailingQemuImgCarriesItsStderr() {
        requireQemuImg();
        Path p = dir.resolve("v.cloop");
        VirtException e = assertThrows(VirtException.class,
            () -> q.create(p, VolumeSpec.of("v", ImageFormat.CLOOP, 1 << 20, 0), false));
        assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
        assertTrue(e.getMessage().contains("does not support image creation"), e.getMessage());
    }

    static void requireQemuImg() {
        Prerequisite.require(HostPrograms.onPath("qemu-img"), "qemu-img is not installed (qemu-utils)");
    }

    static void assertError(ErrorCode code, String part, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
