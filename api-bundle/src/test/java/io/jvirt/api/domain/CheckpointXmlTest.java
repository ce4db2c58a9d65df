package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/** libvirt's checkpoint XML: a new checkpoint's parse, the disks aligned with its domain, the format checked against domaincheckpoint.rng. */
class CheckpointXmlTest {

    /** Its disks in document order vda, hdc, vdb: libvirt's parser orders them vda, vdb, hdc (virDomainDiskInsert). */
    private static final String DOMAIN = """
        <domain type='test'>
          <name>d</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <memory>1024</memory>
          <os><type>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
            <disk type='file' device='cdrom'><target dev='hdc' bus='ide'/><readonly/></disk>
            <disk type='file' device='disk'><source file='/b.img'/><target dev='vdb' bus='virtio'/></disk>
          </devices>
        </domain>
        """;

    private static CheckpointDef aligned(String xml) {
        CheckpointDef def = CheckpointXml.parse(xml, 1700000000L);
        def.domain(DomainXml.parse(DOMAIN));
        CheckpointXml.alignDisks(def);
        return def;
    }

    @Test
    void withoutDisksEveryWritableDiskGetsABitmapNamedAfterTheCheckpoint() {
        CheckpointDef def = aligned("<domaincheckpoint><name>c1</name><description>d &amp; e</description></domaincheckpoint>");
        String xml = CheckpointXml.format(def, true, false, false);
        assertEquals("""
            <domaincheckpoint>
              <name>c1</name>
              <description>d &amp; e</description>
              <creationTime>1700000000</creationTime>
              <disks>
                <disk name='vda' checkpoint='bitmap' bitmap='c1'/>
                <disk name='vdb' checkpoint='bitmap' bitmap='c1'/>
                <disk name='hdc' checkpoint='no'/>
              </disks>
            </domaincheckpoint>
            """, xml);
        LibvirtSchemas.require();
        LibvirtSchemas.assertValid("domaincheckpoint.rng", xml, "checkpoint without its domain");
        LibvirtSchemas.assertValid("domaincheckpoint.rng", CheckpointXml.format(def, false, false, false), "checkpoint with its domain");
    }

    @Test
    void requestedDisksAloneTakePartAndAnUnnamedCheckpointIsNamedByItsTime() {
        CheckpointDef def = aligned("<domaincheckpoint><disks><disk name='/b.img' bitmap='x'/></disks></domaincheckpoint>");
        assertEquals("1700000000", def.name());
        assertEquals("vda:NO:null vdb:BITMAP:x hdc:NO:null", String.join(" ", def.disks().stream()
            .map(d -> d.name() + ":" + d.type() + ":" + d.bitmap()).toList()));
    }

    @Test
    void libvirtsRefusals() {
        VirtException e = assertThrows(VirtException.class, () -> aligned("<domaincheckpoint><disks><disk name='hdc'/></disks></domaincheckpoint>"));
        assertEquals("unsupported configuration: disk 'hdc' is empty or readonly", e.getMessage());
        e = assertThrows(VirtException.class,
            () -> aligned("<domaincheckpoint><disks><disk name='vda'/><disk name='vda'/></disks></domaincheckpoint>"));
        assertEquals("unsupported configuration: disk 'vda' specified twice", e.getMessage());
        e = assertThrows(VirtException.class, () -> CheckpointXml.parse("<domainsnapshot/>", 1));
        assertEquals(ErrorCode.XML_ERROR, e.code());
        assertEquals("XML error: expecting root element of 'domaincheckpoint', not 'domainsnapshot'", e.getMessage());
    }
}
