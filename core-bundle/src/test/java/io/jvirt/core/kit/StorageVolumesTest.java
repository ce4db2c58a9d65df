package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

class StorageVolumesTest {

    private static final URI QEMU = URI.create("qemu:///system");

    @TempDir
    Path tmp;

    private static DomainDef domain(String disks) {
        return DomainXml.parse("<domain type='qemu'><name>v</name><memory>1024</memory><os><type>hvm</type></os><devices>"
            + disks + "</devices></domain>");
    }

    private static String volumeDisk(String pool, String volume, String dev, String extra) {
        return "<disk type='volume' device='disk'><source pool='" + pool + "' volume='" + volume + "'" + extra + "/>"
            + "<target dev='" + dev + "'/></disk>";
    }

    @Test
    void volumeDisksGetTheirPathAndWhatThePathIs() throws Exception {
        Path file = Files.createFile(tmp.resolve("a.qcow2"));
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Map<String, String> vols = Map.of("a", file.toString(), "d", dir.toString());
        StorageVolumes r = (uri, pool, volume) -> {
            assertEquals(QEMU, uri);
            if (!"p".equals(pool)) {
                throw StorageVolumes.noPool(pool);
            }
            return vols.get(volume);
        };
        DomainDef live = domain(volumeDisk("p", "a", "vda", "") + volumeDisk("p", "d", "vdb", "")
            + "<disk type='file'><source file='/x.img'/><target dev='vdc'/></disk>");
        r.resolve(QEMU, live);
        DiskDef a = live.disks().get(0);
        assertEquals(file.toString(), a.sourcePath());
        assertEquals("file", a.sourceActualType());
        assertEquals("dir", live.disks().get(1).sourceActualType());
        assertNull(live.disks().get(2).sourceActualType(), "other disks are left alone");
        assertEquals("/x.img", live.disks().get(2).sourcePath());
        // the XML still names the pool and the volume, not the path
        String xml = DomainXml.format(live);
        assertTrue(xml.contains("<source pool='p' volume='a'/>"), xml);
        assertTrue(!xml.contains(file.toString()), xml);
        assertEquals(file.toString(), live.copy().disks().get(0).sourcePath());
        assertEquals("file", live.copy().disks().get(0).sourceActualType());
        if (Files.exists(Path.of("/dev/loop0"))) {
            assertEquals("block", StorageVolumes.actualType(Path.of("/dev/loop0")));
        }
    }

    @Test
    void libvirtsErrors() {
        VirtException none = assertThrows(VirtException.class, () -> StorageVolumes.NONE.resolve(QEMU, domain(volumeDisk("p", "a", "vda", ""))));
        assertEquals(ErrorCode.NO_STORAGE_POOL, none.code());
        assertEquals(ErrorDomain.STORAGE, none.errorDomain());
        assertTrue(none.getMessage().endsWith("no storage pool with matching name 'p'"), none.getMessage());

        StorageVolumes r = (uri, pool, volume) -> "/some/where";
        VirtException mode = assertThrows(VirtException.class, () -> r.resolve(QEMU, domain(volumeDisk("p", "a", "vda", " mode='host'"))));
        assertEquals(ErrorCode.XML_ERROR, mode.code());
        assertTrue(mode.getMessage().endsWith("disk source mode is only valid when storage pool is of iscsi type"), mode.getMessage());

        // the storage driver's own errors come through unchanged
        VirtException inactive = new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.STORAGE,
            "storage pool 'p' containing volume 'a' is not active");
        StorageVolumes down = (uri, pool, volume) -> {
            throw inactive;
        };
        assertEquals(inactive, assertThrows(VirtException.class, () -> down.resolve(QEMU, domain(volumeDisk("p", "a", "vda", "")))));
    }
}
