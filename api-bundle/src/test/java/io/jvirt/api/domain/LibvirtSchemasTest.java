package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.LibvirtSchemas;

/** The schema oracle itself: libvirt's domain.rng accepts a valid document and names what is wrong in another. */
class LibvirtSchemasTest {

    @BeforeEach
    void schemas() {
        LibvirtSchemas.require();
    }

    @Test
    void aValidDomainPassesAndAnInvalidOneIsExplained() {
        String valid = "<domain type='kvm'><name>web</name><memory unit='KiB'>65536</memory>"
            + "<os><type>hvm</type></os></domain>";
        assertEquals(List.of(), LibvirtSchemas.problems("domain.rng", valid));
        List<String> bad = LibvirtSchemas.problems("domain.rng", valid.replace("type='kvm'", "type='bogus'"));
        assertFalse(bad.isEmpty());
        assertTrue(bad.get(0).startsWith("line 1: "), bad.toString());
        assertThrows(AssertionError.class, () -> LibvirtSchemas.assertValid("domain.rng", "<domain/>", "an empty domain"));
    }

    @Test
    void whatJvirtFormatsIsValid() {
        DomainDef d = DomainXml.parse("<domain type='kvm'><name>web</name><memory unit='KiB'>65536</memory>"
            + "<vcpu>2</vcpu><os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>"
            + "<devices><disk type='file' device='disk'><source file='/var/lib/a.img'/><target dev='vda' bus='virtio'/></disk>"
            + "<interface type='bridge'><mac address='52:54:00:11:22:33'/><source bridge='br0'/><model type='virtio'/></interface>"
            + "<graphics type='vnc' port='-1' autoport='yes'/></devices></domain>");
        LibvirtSchemas.assertValid("domain.rng", DomainXml.format(d), "a formatted domain");
    }
}
