package io.jvirt.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/** storage_conf.c's pool rules beyond the conformance corpus: defaults, sanitizing and each refusal's code and wording. */
class StoragePoolXmlTest {

    private static final String UUID_TEXT = "35bb2ad9-388a-cdfe-461a-b8907f6e53fe";

    private static VirtException refused(String xml) {
        return assertThrows(VirtException.class, () -> StoragePoolXml.parse(xml));
    }

    private static void refused(String xml, ErrorCode code, String message) {
        VirtException e = refused(xml);
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void dirPoolDefaultsAndSanitizedPath() {
        StoragePoolDef def = StoragePoolXml.parse("<pool type='dir'><name>p</name><uuid>" + UUID_TEXT
            + "</uuid><target><path>/var//lib/images/</path><permissions><mode>0711</mode><owner>-1</owner>"
            + "<group>4294967295</group></permissions></target></pool>");
        assertEquals("/var/lib/images", def.targetPath());
        assertEquals(0711, def.target().permissions().mode());
        assertNull(def.target().permissions().owner(), "-1 is libvirt's unset");
        assertNull(def.target().permissions().group(), "4294967295 is (gid_t)-1: unset");
        String xml = StoragePoolXml.format(def);
        assertTrue(xml.contains("<mode>0711</mode>") && !xml.contains("<owner>"), xml);
        LibvirtSchemas.assertValid("storagepool.rng", xml, "dir pool");
    }

    @Test
    void logicalPoolTargetIsTheVolumeGroupAndNameDefaults() {
        StoragePoolDef def = StoragePoolXml.parse("<pool type='logical'><source><name>vg0</name>"
            + "<device path='/dev/loop0'/></source></pool>");
        assertEquals("vg0", def.name(), "the pool's name defaults to the source name");
        assertEquals("/dev/vg0", def.targetPath());
        assertEquals("lvm2", def.source().format());
        StoragePoolDef named = StoragePoolXml.parse("<pool type='logical'><name>vg1</name></pool>");
        assertEquals("vg1", named.source().name(), "the source name defaults to the pool's name");
    }

    @Test
    void poolWithoutUuidGetsOne() {
        StoragePoolDef a = StoragePoolXml.parse("<pool type='dir'><name>p</name><target><path>/x</path></target></pool>");
        StoragePoolDef b = StoragePoolXml.parse("<pool type='dir'><name>p</name><target><path>/x</path></target></pool>");
        assertTrue(!a.uuid().equals(b.uuid()));
    }

    @Test
    void refusals() {
        refused("<pool><name>p</name></pool>", ErrorCode.XML_ERROR, "Missing required attribute 'type' in element 'pool'");
        refused("<pool type='floppy'><name>p</name></pool>", ErrorCode.XML_ERROR,
            "Invalid value for attribute 'type' in element 'pool': 'floppy'.");
        refused("<network/>", ErrorCode.XML_ERROR, "expecting root element of 'pool', not 'network'");
        refused("<pool type='dir'><target><path>/x</path></target></pool>", ErrorCode.XML_ERROR,
            "missing pool source name element");
        refused("<pool type='dir'><name>a/b</name><target><path>/x</path></target></pool>", ErrorCode.XML_ERROR,
            "name a/b cannot contain '/'");
        refused("<pool type='dir'><name>p</name><uuid>nope</uuid><target><path>/x</path></target></pool>",
            ErrorCode.XML_ERROR, "malformed uuid element");
        refused("<pool type='dir'><name>p</name></pool>", ErrorCode.XML_ERROR, "missing storage pool target path");
        refused("<pool type='logical'><name>p</name><features><cow state='yes'/></features></pool>",
            ErrorCode.NO_SUPPORT, "cow feature may only be used for 'fs' and 'dir' pools");
        refused("<pool type='rbd'><name>p</name><source><host name='h'/></source></pool>", ErrorCode.XML_ERROR,
            "element 'name' is mandatory for RBD pool");
        refused("<pool type='netfs'><name>p</name><source><dir path='/x'/></source><target><path>/m</path></target></pool>",
            ErrorCode.XML_ERROR, "missing storage pool source host name");
        refused("<pool type='netfs'><name>p</name><source><host name='h'/></source><target><path>/m</path></target></pool>",
            ErrorCode.XML_ERROR, "missing storage pool source path");
        refused("<pool type='fs'><name>p</name><target><path>/m</path></target></pool>", ErrorCode.XML_ERROR,
            "missing storage pool source device name");
        refused("<pool type='fs'><name>p</name><source><device path='/dev/x'/><format type='ntfs'/></source>"
            + "<target><path>/m</path></target></pool>", ErrorCode.CONFIG_UNSUPPORTED, "unknown pool format type ntfs");
        refused("<pool type='netfs'><name>p</name><source><host name='h'/><dir path='/x'/><format type='cifs'/>"
            + "<protocol ver='3'/></source><target><path>/m</path></target></pool>", ErrorCode.CONFIG_UNSUPPORTED,
            "storage pool protocol ver unsupported for pool type 'cifs'");
        refused("<pool type='netfs'><name>p</name><source><host name='h'/><dir path='/x'/>"
            + "<protocol ver='3,4'/></source><target><path>/m</path></target></pool>", ErrorCode.XML_DETAIL,
            "storage pool protocol ver '3,4' must not contain ','");
        refused("<pool type='dir'><name>p</name><target><path>/x</path><permissions><mode>0888</mode></permissions>"
            + "</target></pool>", ErrorCode.XML_ERROR, "malformed octal mode");
        refused("<pool type='dir'><name>p</name><target><path>/x</path><permissions><mode>01777</mode></permissions>"
            + "</target></pool>", ErrorCode.XML_ERROR, "malformed octal mode");
        refused("<pool type='dir'><name>p</name><target><path>/x</path><permissions><owner>4294967296</owner>"
            + "</permissions></target></pool>", ErrorCode.XML_ERROR, "malformed owner element");
        refused("<pool type='scsi'><name>p</name><target><path>/dev</path></target></pool>", ErrorCode.XML_ERROR,
            "missing storage pool source adapter");
        refused("<pool type='scsi'><name>p</name><source><adapter type='fc_host' wwnn='1'/></source>"
            + "<target><path>/dev</path></target></pool>", ErrorCode.XML_ERROR,
            "'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
        refused("<pool type='scsi'><name>p</name><source><adapter type='fc_host' wwnn='123' wwpn='2001001b32a9da4e'/>"
            + "</source><target><path>/dev</path></target></pool>", ErrorCode.INTERNAL_ERROR, "Malformed wwn: 123");
        refused("<pool type='scsi'><name>p</name><source><adapter wwnn='2001001b32a9da4e'/></source>"
            + "<target><path>/dev</path></target></pool>", ErrorCode.XML_ERROR,
            "Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'");
        refused("<pool type='iscsi-direct'><name>p</name><source><host name='h'/><device path='iqn.x'/></source></pool>",
            ErrorCode.CONFIG_UNSUPPORTED, "missing initiator IQN");
        refused("<pool type='iscsi'><name>p</name><source><host name='h'/><auth username='u'><secret usage='s'/>"
            + "</auth></source><target><path>/dev</path></target></pool>", ErrorCode.CONFIG_UNSUPPORTED,
            "storage pool missing auth type");
        refused("<pool type='iscsi'><name>p</name><source><host name='h'/><auth type='chap' username='u'>"
            + "<secret usage='s' uuid='" + UUID_TEXT + "'/></auth></source><target><path>/dev</path></target></pool>",
            ErrorCode.XML_ERROR, "either secret uuid or usage expected");
        refused("<pool type='dir'><name>p</name><target><path>/x</path></target><refresh><volume allocation='all'/>"
            + "</refresh></pool>", ErrorCode.CONFIG_UNSUPPORTED, "unknown storage pool volume refresh allocation type all");
        refused("<pool type='rbd' xmlns:rbd='" + StoragePoolDef.RBD_NAMESPACE + "'><name>p</name><source><name>r</name>"
            + "<host name='h'/></source><rbd:config_opts><rbd:option name='a'/></rbd:config_opts></pool>",
            ErrorCode.XML_ERROR, "no rbd option value specified for name 'a'");
        VirtException port = refused("<pool type='netfs'><name>p</name><source><host name='h' port='x'/><dir path='/x'/>"
            + "</source><target><path>/m</path></target></pool>");
        assertEquals(ErrorDomain.XML, port.errorDomain());
    }

    @Test
    void glusterDirDefaultsToRootAndHasNoTarget() {
        StoragePoolDef def = StoragePoolXml.parse("<pool type='gluster'><name>g</name><source><name>v</name>"
            + "<host name='h'/></source><target><path>/ignored</path></target></pool>");
        assertEquals("/", def.source().dir());
        assertNull(def.target());
        String xml = StoragePoolXml.format(def);
        assertTrue(!xml.contains("<target>"), xml);
        LibvirtSchemas.assertValid("storagepool.rng", xml, "gluster pool");
    }

    /** libvirt's older pool-sheepdog case (the type stays in storage_conf.c after its backend went). */
    @Test
    void sheepdogPoolHasHostAndNameAndNoTarget() {
        StoragePoolDef def = StoragePoolXml.parse("<pool type='sheepdog'><name>sheepdog</name>"
            + "<uuid>65fcba04-5b13-bd93-cff3-52ce48e11ad7</uuid><source><host name='localhost' port='7000'/>"
            + "<name>sheepdog</name></source></pool>");
        assertEquals("<pool type='sheepdog'>\n  <name>sheepdog</name>\n  <uuid>65fcba04-5b13-bd93-cff3-52ce48e11ad7</uuid>\n"
            + "  <capacity unit='bytes'>0</capacity>\n  <allocation unit='bytes'>0</allocation>\n"
            + "  <available unit='bytes'>0</available>\n  <source>\n    <host name='localhost' port='7000'/>\n"
            + "    <name>sheepdog</name>\n  </source>\n</pool>\n", StoragePoolXml.format(def));
    }

    @Test
    void sourceSpecificationAndSourcesList() {
        StoragePoolDef.Source src = StoragePoolXml.parseSource(StoragePoolType.NETFS, "<source><host name='nfs1'/></source>");
        assertEquals("nfs1", src.hosts().get(0).name());
        assertEquals("auto", src.format());
        String sources = StoragePoolXml.formatSources(StoragePoolType.LOGICAL, List.of(
            new StoragePoolDef.Source(null, List.of(new StoragePoolDef.Device("/dev/sdb", null, null)), null, null,
                "vg0", "lvm2", null, null, null, null, null)));
        assertEquals("<sources>\n  <source>\n    <device path='/dev/sdb'/>\n    <name>vg0</name>\n"
            + "    <format type='lvm2'/>\n  </source>\n</sources>\n", sources);
    }
}
