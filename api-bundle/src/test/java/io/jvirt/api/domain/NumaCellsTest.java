package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * A guest's NUMA cells as virDomainNumaDefParseXML reads them: what it refuses, with its words, and
 * the layout virDomainNumaDefFormatXML writes. Every case is what virsh 9.0 answers on libvirt's
 * test:///default for the same {@code <cpu><numa>} (define, then dumpxml --inactive).
 */
class NumaCellsTest {

    private static String domain(String numa) {
        return "<domain type='test'><name>n</name><memory>1024</memory><vcpu>4</vcpu><os><type>hvm</type></os>"
            + "<cpu><numa>" + numa + "</numa></cpu></domain>";
    }

    private static String numaOf(String numa) {
        String f = DomainXml.format(DomainXml.parse(domain(numa)));
        return f.substring(f.indexOf("<numa>"), f.indexOf("</numa>") + 7).replaceAll("\\s*\n\\s*", "");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // an empty attribute is a malformed id and a missing size: no converter ever sees such a cell
        "<cell id='' cpus='0' memory='1024'/>|XML_ERROR|XML error: Invalid value for attribute 'id' in element 'cell': ''. Expected non-negative integer value",
        "<cell id='0' cpus='0' memory=''/>|XML_ERROR|XML error: missing element or attribute './@memory'",
        "<cell cpus='0'/>|XML_ERROR|XML error: missing element or attribute './@memory'",
        "<cell id='-1' cpus='0' memory='1024'/>|XML_ERROR|XML error: Invalid value for attribute 'id' in element 'cell': '-1'. Expected non-negative integer value",
        "<cell id='4294967296' cpus='0' memory='1024'/>|XML_ERROR|XML error: Invalid value for attribute 'id' in element 'cell': '4294967296'. Expected non-negative integer value",
        "<cell id='0' cpus='0' memory='abc'/>|XML_ERROR|XML error: Invalid value 'abc' for element or attribute './@memory'",
        "<cell id='0' cpus='0' memory='-5'/>|XML_ERROR|XML error: Invalid value '-5' for element or attribute './@memory'",
        "\"\"|XML_ERROR|XML error: NUMA topology defined without NUMA cells",
        "<cell id='0' cpus='0' memory='1024'/><cell id='2' cpus='1' memory='1024'/>|XML_ERROR|XML error: Exactly one 'cell' element per guest"
            + " NUMA cell allowed, non-contiguous ranges or ranges not starting from 0 are not allowed",
        "<cell id='0' cpus='0' memory='1024'/><cell id='0' cpus='1' memory='1024'/>|XML_ERROR|XML error: Duplicate NUMA cell info for cell id '0'",
        "<cell id='0' cpus='0-1' memory='1024'/><cell id='1' cpus='1' memory='1024'/>|CONFIG_UNSUPPORTED|unsupported configuration: NUMA cells 1"
            + " and 0 have overlapping vCPU ids",
        "<cell id='0' cpus='' memory='1024'/>|INVALID_ARG|invalid argument: Failed to parse bitmap ''",
        "<cell id='0' cpus='0' memory='9007199254740992'/>|OVERFLOW|numerical overflow: value too large: 9007199254740992",
        "<cell id='0' cpus='0' memory='9007199254740992' unit='KiB'/>|OVERFLOW|numerical overflow: value too large: 9007199254740992KiB",
        "<cell id='0' cpus='0' memory='9223372036854775807' unit='b'/>|OVERFLOW|numerical overflow: size value too large",
        "<cell id='0' cpus='0' memory='1' unit='xx'/>|INVALID_ARG|invalid argument: unknown suffix 'xx'",
        "<cell id='0' cpus='0' memory='1024' memAccess='default'/>|XML_ERROR|XML error: Invalid value for attribute 'memAccess' in element 'cell': 'default'.",
        "<cell id='0' cpus='0' memory='1024' discard=''/>|XML_ERROR|XML error: Invalid value for attribute 'discard' in element 'cell': ''.",
        // the distances' refusals (libvirt 9.0 reports them, then its cleanup crashes virsh)
        "<cell id='0' cpus='0' memory='1024'><distances/></cell>|XML_ERROR|XML error: NUMA distances defined without siblings",
        "<cell id='0' cpus='0' memory='1024'><distances><sibling id='' value='10'/></distances></cell>|XML_ERROR|XML error: Invalid value for"
            + " attribute 'id' in element 'sibling': ''. Expected non-negative integer value",
        "<cell id='0' cpus='0' memory='1024'><distances><sibling value='10'/></distances></cell>|XML_ERROR|XML error: Missing required attribute"
            + " 'id' in element 'sibling'",
        "<cell id='0' cpus='0' memory='1024'><distances><sibling id='1' value='10'/></distances></cell>|XML_ERROR|XML error: 'sibling_id 1'"
            + " does not refer to a valid cell within NUMA 'cell id 0'",
        "<cell id='0' cpus='0' memory='1024'><distances><sibling id='0' value='11'/></distances></cell>|XML_ERROR|XML error: 'value 11' is"
            + " invalid for 'sibling id 0' under NUMA 'cell id 0'",
        "<cell id='0' cpus='0' memory='1024'><distances><sibling id='0' value='4294967295'/></distances></cell>|XML_ERROR|XML error: 'value -1'"
            + " is invalid for 'sibling id 0' under NUMA 'cell id 0'",
    })
    void refusedWithLibvirtsWords(String numa, ErrorCode code, String message) {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(domain(numa)));
        assertEquals(code, e.code());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "<cell id='+0' cpus='0' memory='+1024'/>|<numa><cell id='0' cpus='0' memory='1024' unit='KiB'/></numa>",
        "<cell id=' 0' cpus='0' memory=' 1024' unit=''/>|<numa><cell id='0' cpus='0' memory='1024' unit='KiB'/></numa>",
        // by id, each with its id
        "<cell id='1' cpus='1' memory='1024'/><cell id='0' cpus='0' memory='2048'/>|<numa><cell id='0' cpus='0' memory='2048' unit='KiB'/>"
            + "<cell id='1' cpus='1' memory='1024' unit='KiB'/></numa>",
        "<cell cpus='0' memory='1024'/><cell cpus='1' memory='1024'/>|<numa><cell id='0' cpus='0' memory='1024' unit='KiB'/>"
            + "<cell id='1' cpus='1' memory='1024' unit='KiB'/></numa>",
        // a cell of size 0 may be given again: replaced, and the slot left over is an empty cell
        "<cell id='0' cpus='0' memory='0'/><cell id='0' cpus='1' memory='1024'/>|<numa><cell id='0' cpus='1' memory='1024' unit='KiB'/>"
            + "<cell id='1' memory='0' unit='KiB'/></numa>",
        "<cell id='0' cpus='0,^0' memory='1' unit='b'/>|<numa><cell id='0' memory='1' unit='KiB'/></numa>",
        "<cell id='0' cpus='0' memory='2' unit='G' discard='yes' memAccess='shared' bogus='x'/>|<numa><cell id='0' cpus='0' memory='2097152'"
            + " unit='KiB' memAccess='shared' discard='yes'/></numa>",
        // the distances as the parse completes them: each given one also back, unless given there; 10 to itself
        "<cell id='1' cpus='1' memory='1024'><distances><sibling id='0' value='21'/></distances></cell><cell id='0' cpus='0' memory='1024'>"
            + "<distances><sibling id='1' value='31'/></distances></cell><cell id='2' cpus='2' memory='1024'/>|<numa><cell id='0' cpus='0'"
            + " memory='1024' unit='KiB'><distances><sibling id='0' value='10'/><sibling id='1' value='31'/></distances></cell><cell id='1'"
            + " cpus='1' memory='1024' unit='KiB'><distances><sibling id='0' value='21'/><sibling id='1' value='10'/></distances></cell>"
            + "<cell id='2' cpus='2' memory='1024' unit='KiB'/></numa>",
        "<cell cpus='0' memory='1024'><distances><sibling id='2' value='15'/></distances><cache level='1' associativity='direct'"
            + " policy='writeback'><size value='10' unit='KiB'/><line value='8' unit='B'/></cache></cell><cell cpus='1' memory='1024'/>"
            + "<cell cpus='2' memory='1024'/>|<numa><cell id='0' cpus='0' memory='1024' unit='KiB'><distances><sibling id='0' value='10'/>"
            + "<sibling id='2' value='15'/></distances><cache level='1' associativity='direct' policy='writeback'><size value='10' unit='KiB'/>"
            + "<line value='8' unit='B'/></cache></cell><cell id='1' cpus='1' memory='1024' unit='KiB'/><cell id='2' cpus='2' memory='1024'"
            + " unit='KiB'><distances><sibling id='0' value='15'/><sibling id='2' value='10'/></distances></cell></numa>",
    })
    void writtenInLibvirtsLayout(String numa, String expected) {
        assertEquals(expected, numaOf(numa));
    }
}
