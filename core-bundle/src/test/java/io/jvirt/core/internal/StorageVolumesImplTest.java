package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.StorageVolumes;
import io.jvirt.core.spi.ConnectRequest;
import io.jvirt.core.spi.DriverConnection;
import io.jvirt.core.spi.StorageDriver;

class StorageVolumesImplTest {

    private static StorageDriver serving(String scheme, String pool, String path) {
        return new StorageDriver() {
            @Override
            public String name() {
                return "storage";
            }

            @Override
            public boolean serves(URI uri) {
                return scheme.equals(uri.getScheme());
            }

            @Override
            public DriverConnection openStorage(ConnectRequest request) {
                throw new AssertionError("not opened for a path");
            }

            @Override
            public Optional<String> volumePath(String p, String volume) {
                return p.equals(pool) ? Optional.of(path + "/" + volume) : Optional.empty();
            }
        };
    }

    @Test
    void theStorageDriversServingTheUriAnswerInOrder() {
        StorageVolumesImpl volumes = new StorageVolumesImpl();
        volumes.addStorageDriver(serving("lxc", "default", "/lxc"));
        volumes.addStorageDriver(serving("qemu", "default", "/var/lib/libvirt/images"));
        assertEquals("/var/lib/libvirt/images/a.qcow2", volumes.volumePath(URI.create("qemu:///system"), "default", "a.qcow2"));
        assertEquals("/lxc/a.img", volumes.volumePath(URI.create("lxc:///"), "default", "a.img"));
        VirtException e = assertThrows(VirtException.class,
            () -> volumes.volumePath(URI.create("qemu:///system"), "other", "a"));
        assertEquals(ErrorCode.NO_STORAGE_POOL, e.code());
        assertEquals("Storage pool not found: no storage pool with matching name 'other'", e.getMessage());
        e = assertThrows(VirtException.class, () -> StorageVolumes.NONE.volumePath(URI.create("qemu:///system"), "p", "v"));
        assertEquals(ErrorCode.NO_STORAGE_POOL, e.code());
    }
}
