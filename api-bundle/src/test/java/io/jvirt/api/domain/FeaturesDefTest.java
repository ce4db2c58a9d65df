package io.jvirt.api.domain;

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

class FeaturesDefTest {

    static String domain(String body) {
        return "<domain type='kvm'>\n  <name>g</name>\n  <memory>1024</memory>\n  <os><type>hvm</type></os>\n"
            + body + "\n</domain>";
    }

    static String section(String xml, String element) {
        int from = xml.indexOf("  <" + element);
        int end = xml.indexOf("</" + element + ">", from);
        int selfClose = xml.indexOf("/>", from);
        int to = end < 0 || selfClose >= 0 && xml.indexOf('>', from) == selfClose + 1 ? selfClose + 2
            : end + element.length() + 3;
        return from < 0 ? null : xml.substring(from, to).stripIndent();
    }

    @Test
    void parsesAndFormatsInLibvirtsOrder() {
        DomainDef def = DomainXml.parse(domain("<features><smm state='on'><tseg>48</tseg></smm><pmu/>"
            + "<apic eoi='on'/><acpi/><vmport state='off'/><ioapic driver='qemu'/>"
            + "<hyperv><relaxed state='on'/></hyperv><kvm><hidden state='on'/></kvm></features>"), true);
        FeaturesDef f = def.features();
        assertTrue(f.isOn("acpi"));
        assertTrue(f.isOn("pmu"));
        assertEquals("on", f.get("pmu").state());
        assertFalse(f.isOn("vmport"));
        assertTrue(f.has("vmport"));
        assertFalse(f.has("pae"));
        assertEquals("on", f.get("apic").attr("eoi"));
        assertEquals("custom", f.get("hyperv").attr("mode"));
        assertEquals(1, f.get("hyperv").children().size());
        String xml = DomainXml.format(def);
        assertEquals("""
              <features>
                <acpi/>
                <apic eoi='on'/>
                <hyperv mode='custom'>
                  <relaxed state='on'/>
                </hyperv>
                <kvm>
                  <hidden state='on'/>
                </kvm>
                <pmu state='on'/>
                <vmport state='off'/>
                <smm state='on'>
                  <tseg unit='MiB'>48</tseg>
                </smm>
                <ioapic driver='qemu'/>
              </features>""", section(xml, "features"));
        assertEquals(xml, DomainXml.format(DomainXml.parse(xml, true)));
        assertTrue(xml.indexOf("</os>") < xml.indexOf("<features>"));
    }

    @Test
    void builtInCodeAndEmptyIsNotWritten() {
        DomainDef def = DomainXml.parse(domain("<features/>"));
        assertFalse(DomainXml.format(def).contains("features"));
        def.features(new FeaturesDef().enable("acpi").enable("pae").state("hap", "off"));
        def.features().feature("gic").attr("version", "3");
        assertEquals("""
              <features>
                <acpi/>
                <pae/>
                <hap state='off'/>
                <gic version='3'/>
              </features>""", section(DomainXml.format(def), "features"));
        assertNull(def.kept("features"));
    }

    @Test
    void copyIsIndependent() {
        DomainDef def = DomainXml.parse(domain("<features><acpi/><hyperv><relaxed state='on'/></hyperv></features>"));
        DomainDef copy = def.copy();
        copy.features().remove("acpi");
        copy.features().get("hyperv").children().get(0).attr("state", "off");
        copy.features().get("hyperv").attr("mode", "passthrough");
        assertTrue(def.features().has("acpi"));
        assertEquals("on", def.features().get("hyperv").children().get(0).attributes().get("state"));
        assertEquals("custom", def.features().get("hyperv").attr("mode"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<bogus/>", "<pmu state='maybe'/>", "<apic eoi='yes'/>", "<ioapic driver='xen'/>",
        "<gic version='4'/>", "<hyperv mode='all'/>", "<smm><tseg unit='parsec'>1</tseg></smm>"})
    void badValuesAreXmlErrors(String feature) {
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<features>" + feature + "</features>")));
        assertEquals(ErrorCode.XML_ERROR, e.code());
    }

    @Test
    void unknownAttributesAreRejectedOnlyUnderValidate() {
        String xml = domain("<features><acpi foo='1'/></features>");
        assertTrue(DomainXml.parse(xml).features().has("acpi"));
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(xml, true));
        assertEquals(ErrorCode.XML_DETAIL, e.code());
        assertTrue(e.getMessage().contains("features/acpi"), e.getMessage());
    }
}
