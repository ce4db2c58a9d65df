package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * CPU and NUMA node lists as libvirt reads ({@code virBitmapParse}) and writes
 * ({@code virBitmapFormat}) them. Every expectation below is what libvirt 9.0 itself printed for
 * the same input (defined on its test driver and dumped).
 */
class CpuSetTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1,2,5-7|1-2,5-7",
        "0-3,^2|0-1,3",
        "' 1 , 3 - 4 '|1,3-4",
        "1,|1",
        "1-+3|1-3",
        "7,6,5|5-7",
        "0|0",
        "16383|16383",
        "3-3|3"})
    void listsAreWrittenAsLibvirtWritesThem(String spec, String canonical) {
        assertEquals(canonical, CpuSet.format(CpuSet.parse(spec)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "x", "+1", "-1", "1,,2", ",1", "1 2", "3-1", "^1-3", "16384", "0-16384", "1-",
        "1;2", "99999999999", "\\1", "1,\\2"})
    void listsLibvirtRefusesAreRefused(String spec) {
        VirtException e = assertThrows(VirtException.class, () -> CpuSet.parse(spec));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals("invalid argument: Failed to parse bitmap '" + spec + "'", e.getMessage());
    }

    @Test
    void anEmptyResultIsAListNotAnError() {
        // virBitmapParse accepts it; the callers decide (vcpu@cpuset and nodesets refuse it)
        assertTrue(CpuSet.parse("1,^1").isEmpty());
        assertEquals("", CpuSet.format(new BitSet()));
    }

    private static String domain(String body) {
        return "<domain type='test'><name>c</name><memory>1048576</memory>" + body
            + "<os><type>hvm</type></os></domain>";
    }

    @Test
    void vcpuCpusetIsWrittenInLibvirtsForm() {
        String xml = DomainXml.format(DomainXml.parse(domain("<vcpu placement='static' cpuset='1,2,5-7,16000'>1</vcpu>")));
        assertTrue(xml.contains("<vcpu placement='static' cpuset='1-2,5-7,16000'>1</vcpu>"), xml);
        // every CPU libvirt can name: the same as no cpuset, and libvirt leaves it out
        String all = DomainXml.format(DomainXml.parse(domain("<vcpu placement='static' cpuset='0-16383'>1</vcpu>")));
        assertTrue(all.contains("<vcpu placement='static'>1</vcpu>"), all);
    }

    @Test
    void anEmptyVcpuCpusetIsRefusedAsLibvirtDoes() {
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<vcpu placement='static' cpuset='1,^1'>1</vcpu>")));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: Invalid value of 'cpuset': 1,^1", e.getMessage());
    }

    @Test
    void everyOtherListIsWrittenInLibvirtsFormToo() {
        // libvirt 9.0 wrote exactly these for the same input
        String xml = DomainXml.format(DomainXml.parse(domain("<vcpu>4</vcpu>"
            + "<memoryBacking><hugepages><page size='2048' unit='KiB' nodeset='1,0'/></hugepages></memoryBacking>"
            + "<cputune><vcpupin vcpu='0' cpuset='1,2'/><emulatorpin cpuset='3,4'/><iothreadpin iothread='1' cpuset='5,6'/></cputune>"
            + "<cpu><numa><cell id='0' cpus='0,1' memory='524288'/><cell id='1' cpus='2,3' memory='524288'/></numa></cpu>"
            + "<iothreads>1</iothreads>")));
        has(xml, "nodeset='0-1'", "<vcpupin vcpu='0' cpuset='1-2'/>", "<emulatorpin cpuset='3-4'/>",
            "<iothreadpin iothread='1' cpuset='5-6'/>", "cpus='0-1'", "cpus='2-3'");
    }

    private static void has(String xml, String... fragments) {
        for (String f : fragments) {
            assertTrue(xml.contains(f), "no " + f + " in\n" + xml);
        }
    }

    @Test
    void numatuneNodesetsAreWrittenInLibvirtsForm() {
        String xml = DomainXml.format(DomainXml.parse(domain("<vcpu>2</vcpu><numatune><memory mode='strict' nodeset='3,1,2'/>"
            + "<memnode cellid='0' mode='strict' nodeset='5,6'/></numatune>")));
        assertTrue(xml.contains("<memory mode='strict' nodeset='1-3'/>"), xml);
        assertTrue(xml.contains("<memnode cellid='0' mode='strict' nodeset='5-6'/>"), xml);
        assertFalse(xml.contains("3,1,2"), xml);
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse(domain("<numatune><memory mode='strict' nodeset='5,^5'/></numatune>")));
        assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        assertEquals("unsupported configuration: Invalid value of 'nodeset': 5,^5", e.getMessage());
    }
}
