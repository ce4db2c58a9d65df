package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** Hostile and broken documents always end in VirtException XML_ERROR, never another exception. */
class RobustnessTest {

    static final String VALID = """
        <domain type='kvm'>
          <name>guest</name>
          <memory unit='MiB'>512</memory>
          <vcpu>2</vcpu>
          <os><type arch='x86_64'>hvm</type></os>
          <devices>
            <disk type='file' device='disk'><source file='/a.img'/><target dev='vda' bus='virtio'/></disk>
          </devices>
        </domain>
        """;

    static Stream<Arguments> hostile() {
        String laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE domain [
              <!ENTITY lol "lol">
              <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <domain type='kvm'><name>&lol3;</name><os><type>hvm</type></os></domain>
            """;
        String xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE domain [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <domain type='kvm'><name>&xxe;</name><os><type>hvm</type></os></domain>
            """;
        String xxeParam = """
            <?xml version="1.0"?>
            <!DOCTYPE domain [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
            <domain type='kvm'><name>x</name><os><type>hvm</type></os></domain>
            """;
        String undeclared = "<domain type='kvm'><name>&foo;</name><os><type>hvm</type></os></domain>";
        String deep = "<domain type='kvm'><name>x</name><metadata>" + "<a>".repeat(5000) + "</a>".repeat(5000)
            + "</metadata></domain>";
        String big = "<domain type='kvm'><name>x</name><description>" + "a".repeat(DomainXml.MAX_CHARS)
            + "</description></domain>";
        return Stream.of(
            Arguments.of("billion laughs", laughs),
            Arguments.of("external entity", xxe),
            Arguments.of("external parameter entity", xxeParam),
            Arguments.of("undeclared entity", undeclared),
            Arguments.of("deeply nested", deep),
            Arguments.of("oversized", big),
            Arguments.of("empty", ""),
            Arguments.of("blank", "   \n"),
            Arguments.of("not xml", "this is not xml"),
            Arguments.of("truncated", VALID.substring(0, VALID.length() / 2)),
            Arguments.of("mismatched tags", "<domain type='kvm'><name>x</nam></domain>"),
            Arguments.of("two roots", "<domain type='kvm'><name>x</name></domain><domain/>"),
            Arguments.of("wrong root", "<network><name>x</name></network>"),
            Arguments.of("bad memory", VALID.replace(">512<", ">lots<")),
            Arguments.of("bad unit", VALID.replace("MiB", "parsecs")),
            Arguments.of("memory overflow", VALID.replace("'MiB'>512", "'EiB'>99999999")),
            Arguments.of("negative vcpus", VALID.replace("<vcpu>2", "<vcpu>-2")),
            Arguments.of("bad uuid", VALID.replace("<name>guest</name>", "<name>guest</name><uuid>xyz</uuid>")),
            Arguments.of("multicast mac", VALID.replace("<devices>",
                "<devices><interface type='user'><mac address='01:00:5e:00:00:01'/></interface>")),
            Arguments.of("malformed mac", VALID.replace("<devices>",
                "<devices><interface type='user'><mac address='52:54:00:zz:00:01'/></interface>")),
            Arguments.of("bad lifecycle", VALID.replace("</os>", "</os><on_crash>explode</on_crash>")),
            Arguments.of("disk without target", VALID.replace("<target dev='vda' bus='virtio'/>", "")),
            Arguments.of("unknown disk type", VALID.replace("type='file' device", "type='floppy-tape' device")),
            Arguments.of("bad graphics port", VALID.replace("<devices>", "<devices><graphics type='vnc' port='99999'/>")),
            Arguments.of("bad attribute quoting", "<domain type='kvm><name>x</name></domain>"),
            Arguments.of("control character", "<domain type='kvm'><name>x\u0001</name></domain>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileInputIsAnXmlError(String label, String xml) {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(xml));
        assertEquals(ErrorCode.XML_ERROR, e.code(), label + ": " + e.getMessage());
        assertFalse(e.getMessage().contains("root:"), "must not leak file content: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0} (validate)")
    @MethodSource("hostile")
    void hostileInputIsAnXmlErrorUnderValidate(String label, String xml) {
        VirtException e = assertThrows(VirtException.class, () -> DomainXml.parse(xml, true));
        assertEquals(ErrorCode.XML_ERROR, e.code(), label + ": " + e.getMessage());
    }
}
