package io.jvirt.api.domain;

import static io.jvirt.api.domain.FeaturesDefTest.domain;
import static io.jvirt.api.domain.FeaturesDefTest.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** {@code <pm>}, {@code <idmap>} and {@code <memoryBacking>}. */
class TuningDefTest {

    @Test
    void pmParsesFormatsAndCopies() {
        DomainDef def = DomainXml.parse(domain("<pm><suspend-to-disk enabled='yes'/><suspend-to-mem enabled='no'/></pm>"),
            true);
        assertEquals(Boolean.FALSE, def.pm().suspendToMem());
        assertEquals(Boolean.TRUE, def.pm().suspendToDisk());
        String xml = DomainXml.format(def);
        assertEquals("""
              <pm>
                <suspend-to-mem enabled='no'/>
                <suspend-to-disk enabled='yes'/>
              </pm>""", section(xml, "pm"));
        assertTrue(xml.indexOf("<on_crash>") < xml.indexOf("<pm>"));
        DomainDef copy = def.copy();
        copy.pm().suspendToMem(true);
        assertEquals(Boolean.FALSE, def.pm().suspendToMem());
        def.pm(new PmDef());
        assertFalse(DomainXml.format(def).contains("<pm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<pm><suspend-to-mem enabled='on'/></pm>", "<pm><suspend-to-disk enabled=''/></pm>"})
    void pmEnabledIsYesOrNo(String pm) {
        assertEquals(ErrorCode.XML_ERROR,
            assertThrows(VirtException.class, () -> DomainXml.parse(domain(pm))).code());
    }

    @Test
    void idmapIsSortedAndCopiesAreIndependent() {
        DomainDef def = DomainXml.parse(domain("<idmap><uid start='1000' target='5000' count='10'/>"
            + "<uid start='0' target='100000' count='1000'/><gid start='0' target='100000' count='65536'/></idmap>"),
            true);
        IdMapDef m = def.idmap();
        assertEquals(new IdMapDef.Entry(0, 100000, 1000), m.uids().get(0));
        assertEquals(1000, m.uids().get(1).start());
        assertEquals(1, m.gids().size());
        String xml = DomainXml.format(def);
        assertEquals("""
              <idmap>
                <uid start='0' target='100000' count='1000'/>
                <uid start='1000' target='5000' count='10'/>
                <gid start='0' target='100000' count='65536'/>
              </idmap>""", section(xml, "idmap"));
        assertTrue(xml.indexOf("</os>") < xml.indexOf("<idmap>"));
        assertNull(def.kept("idmap"));
        DomainDef copy = def.copy();
        copy.idmap().uids().clear();
        assertEquals(2, def.idmap().uids().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"<idmap><uid start='0' target='1' count='x'/><gid start='0' target='1' count='1'/></idmap>",
        "<idmap><uid start='0' target='1'/><gid start='0' target='1' count='1'/></idmap>",
        "<idmap><uid start='-1' target='1' count='1'/><gid start='0' target='1' count='1'/></idmap>",
        "<idmap><uid start='0' target='1' count='1'/></idmap>",
        "<idmap><uid start='1' target='1' count='1'/><gid start='0' target='1' count='1'/></idmap>"})
    void badIdmapsAreXmlErrors(String idmap) {
        assertEquals(ErrorCode.XML_ERROR,
            assertThrows(VirtException.class, () -> DomainXml.parse(domain(idmap))).code());
    }

    @Test
    void memoryBackingParsesFormatsAndCopies() {
        DomainDef def = DomainXml.parse(domain("<memoryBacking><discard/><access mode='shared'/>"
            + "<source type='memfd'/><hugepages><page size='1' unit='G' nodeset='0-1'/><page size='2048'/></hugepages>"
            + "<locked/><nosharepages/><allocation mode='immediate' threads='8'/></memoryBacking>"), true);
        MemoryBackingDef m = def.memoryBacking();
        assertTrue(m.hugepages());
        assertEquals(new MemoryBackingDef.Page(1048576, "0-1"), m.pages().get(0));
        assertEquals("memfd", m.sourceType());
        assertEquals("shared", m.accessMode());
        assertEquals(8, m.allocationThreads());
        String xml = DomainXml.format(def);
        assertEquals("""
              <memoryBacking>
                <hugepages>
                  <page size='1048576' unit='KiB' nodeset='0-1'/>
                  <page size='2048' unit='KiB'/>
                </hugepages>
                <nosharepages/>
                <locked/>
                <source type='memfd'/>
                <access mode='shared'/>
                <allocation mode='immediate' threads='8'/>
                <discard/>
              </memoryBacking>""", section(xml, "memoryBacking"));
        assertTrue(xml.indexOf("<currentMemory") < xml.indexOf("<memoryBacking>"));
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml, true)));
        DomainDef copy = def.copy();
        copy.memoryBacking().pages().clear();
        copy.memoryBacking().locked(false).accessMode("private");
        assertEquals(2, def.memoryBacking().pages().size());
        assertTrue(def.memoryBacking().locked());
        assertEquals("shared", def.memoryBacking().accessMode());
        def.memoryBacking(new MemoryBackingDef());
        assertFalse(DomainXml.format(def).contains("memoryBacking"));
        def.memoryBacking(new MemoryBackingDef().hugepages(true));
        assertTrue(DomainXml.format(def).contains("<memoryBacking>\n    <hugepages/>\n  </memoryBacking>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<hugepages><page/></hugepages>", "<hugepages><page size='x'/></hugepages>",
        "<hugepages><page size='2' unit='parsec'/></hugepages>", "<hugepages><page size='2' nodeset='a'/></hugepages>",
        "<source type='disk'/>", "<access mode='public'/>", "<allocation mode='later'/>",
        "<allocation threads='-2'/>"})
    void badMemoryBackingValuesAreXmlErrors(String body) {
        assertEquals(ErrorCode.XML_ERROR, assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<memoryBacking>" + body + "</memoryBacking>"))).code());
    }
}
