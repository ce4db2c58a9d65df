package io.jvirt.api.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.LibvirtSchemas;

/** storage_conf.c's volume rules beyond the conformance corpus. */
class StorageVolXmlTest {

    private static void refused(StoragePoolType pool, String xml, ErrorCode code, String message) {
        VirtException e = assertThrows(VirtException.class, () -> StorageVolXml.parse(pool, xml));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void unitsAndDefaults() {
        StorageVolDef def = StorageVolXml.parse(StoragePoolType.DIR,
            "<volume><name>a.img</name><capacity unit='MiB'>10</capacity></volume>");
        assertEquals(10L << 20, def.capacity());
        assertEquals(def.capacity(), def.allocation(), "no <allocation>: the capacity");
        assertEquals("raw", def.target().format());
        assertEquals(StorageVolType.FILE, def.type());
        assertEquals(1000L * 1000 * 1000, StorageVolXml.parse(StoragePoolType.DIR,
            "<volume><name>a</name><capacity unit='GB'>1</capacity></volume>").capacity());
        // a logical pool's volumes have no format
        StorageVolDef lv = StorageVolXml.parse(StoragePoolType.LOGICAL,
            "<volume><name>lv</name><capacity>1024</capacity><target><format type='qcow2'/></target></volume>");
        assertEquals(null, lv.target().format());
        String xml = StorageVolXml.format(StoragePoolType.LOGICAL, lv);
        assertTrue(!xml.contains("<format"), xml);
        LibvirtSchemas.assertValid("storagevol.rng", xml, "logical volume");
    }

    @Test
    void featuresImplyCompatAndKeepLibvirtsOrder() {
        StorageVolDef def = StorageVolXml.parse(StoragePoolType.DIR, "<volume><name>q</name><capacity>1</capacity>"
            + "<target><format type='qcow2'/><features><extended_l2/><lazy_refcounts/><lazy_refcounts/></features>"
            + "</target></volume>");
        assertEquals("1.1", def.target().compat());
        assertEquals(List.of("lazy_refcounts", "extended_l2"), def.target().features());
    }

    @Test
    void liveStateIsWritten() {
        StorageVolDef.Target t = new StorageVolDef.Target("/p/a.qcow2", "qcow2", StoragePermissions.NONE,
            new StorageVolDef.Timestamps(new StorageVolDef.Timestamp(1700000000, 5), null,
                new StorageVolDef.Timestamp(1700000001, 0), null), null, null, false, 65536, null);
        StorageVolDef def = new StorageVolDef("a.qcow2", "/p/a.qcow2", StorageVolType.FILE, 1 << 30, 200704, true, 262144,
            List.of(), t, StorageVolDef.Target.of("/p/base.img", "raw"));
        String xml = StorageVolXml.format(StoragePoolType.DIR, def);
        assertTrue(xml.contains("<physical unit='bytes'>262144</physical>"), xml);
        assertTrue(xml.contains("<atime>1700000000.000000005</atime>") && xml.contains("<ctime>1700000001</ctime>"), xml);
        assertTrue(xml.contains("<clusterSize unit='B'>65536</clusterSize>"), xml);
        LibvirtSchemas.assertValid("storagevol.rng", xml, "volume with live state");
    }

    @Test
    void refusals() {
        refused(StoragePoolType.DIR, "<volume><capacity>1</capacity></volume>", ErrorCode.XML_ERROR,
            "missing volume name element");
        refused(StoragePoolType.DIR, "<volume><name>a</name></volume>", ErrorCode.XML_ERROR, "missing capacity element");
        refused(StoragePoolType.DIR, "<volume type='tape'><name>a</name><capacity>1</capacity></volume>",
            ErrorCode.CONFIG_UNSUPPORTED, "unknown volume type 'tape'");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>x</capacity></volume>", ErrorCode.XML_ERROR,
            "malformed capacity element");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>-1</capacity></volume>", ErrorCode.XML_ERROR,
            "malformed capacity element");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity unit='Q'>1</capacity></volume>",
            ErrorCode.INVALID_ARG, "unknown suffix 'Q'");
        // off_t is signed: 8 EiB does not fit
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity unit='EiB'>8</capacity></volume>",
            ErrorCode.OVERFLOW, "value too large: 8EiB");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><format type='none'/>"
            + "</target></volume>", ErrorCode.CONFIG_UNSUPPORTED, "unknown volume format type none");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><compat>1</compat>"
            + "</target></volume>", ErrorCode.XML_ERROR, "forbidden characters in 'compat' attribute");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><features><turbo/>"
            + "</features></target></volume>", ErrorCode.CONFIG_UNSUPPORTED, "unsupported feature turbo");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><encryption/>"
            + "</target></volume>", ErrorCode.XML_ERROR, "unknown volume encryption format");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><encryption format='luks'>"
            + "<secret type='key' usage='x'/></encryption></target></volume>", ErrorCode.CONFIG_UNSUPPORTED,
            "unknown volume encryption secret type key");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><encryption format='luks'>"
            + "<ivgen name='plain64'/></encryption></target></volume>", ErrorCode.XML_ERROR,
            "ivgen element found, but cipher is missing");
        refused(StoragePoolType.DIR, "<volume><name>a</name><capacity>1</capacity><target><clusterSize>big</clusterSize>"
            + "</target></volume>", ErrorCode.XML_ERROR,
            "Invalid value 'big' for element or attribute './target/clusterSize'");
    }

    @Test
    void optionalCapacity() {
        StorageVolDef clone = StorageVolXml.parse(StoragePoolType.DIR, "<volume><name>c</name></volume>",
            StorageVolXml.ParseOption.NO_CAPACITY);
        assertEquals(0, clone.capacity());
        StorageVolDef backed = StorageVolXml.parse(StoragePoolType.DIR, "<volume><name>c</name><backingStore>"
            + "<path>/b</path></backingStore></volume>", StorageVolXml.ParseOption.OPT_CAPACITY);
        assertEquals("/b", backed.backingStore().path());
        assertEquals("raw", backed.backingStore().format());
    }
}
