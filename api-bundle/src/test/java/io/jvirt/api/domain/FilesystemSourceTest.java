package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * virDomainFSDefParseXML: a filesystem needs a source unless it is a RAM or volume one (virsh 9.0
 * on test:///default); drivers building command lines from it (bhyve's virtio-9p) can rely on it.
 */
class FilesystemSourceTest {

    private static DomainDef parse(String devices) {
        return DomainXml.parse("<domain type='bhyve'><name>g</name><memory>1024</memory><os><type>hvm</type></os>"
            + "<devices>" + devices + "</devices></domain>");
    }

    @Test
    void aFilesystemWithoutSourceIsLibvirtsNoSource() {
        VirtException e = assertThrows(VirtException.class, () -> parse("<filesystem><target dir='shared_dir'/></filesystem>"));
        assertEquals(ErrorCode.NO_SOURCE, e.code());
        assertEquals("missing source information for device shared_dir", e.getMessage());
        e = assertThrows(VirtException.class, () -> parse("<filesystem type='mount'><readonly/></filesystem>"));
        assertEquals("missing source information for device", e.getMessage());
    }

    @Test
    void ramAndEmptySourcesAreAccepted() {
        assertEquals(1, parse("<filesystem type='ram'><source usage='1024'/><target dir='/mnt'/></filesystem>")
            .filesystems().size());
        assertEquals("", parse("<filesystem><source dir=''/><target dir='/mnt'/></filesystem>").filesystems().get(0).source());
    }
}
