package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.Conformance;

/** virshBuildPoolXML's document, against libvirt's virsh test vector pool-define-as. */
class PoolXmlBuilderTest {

    @Test
    void theVectorsDocument() {
        // virshtest.c: pool-define-as --print-xml P dir src-host /src/path /src/dev S /target-path
        Map<String, String> o = new HashMap<>();
        o.put("name", "P");
        o.put("type", "dir");
        o.put("source-host", "src-host");
        o.put("source-path", "/src/path");
        o.put("source-dev", "/src/dev");
        o.put("source-name", "S");
        o.put("target", "/target-path");
        String expected = Conformance.read(Conformance.dir().resolve("virsh/virshtestdata/pool-define-as.out"));
        assertEquals(expected, PoolXmlBuilder.build(o));
    }

    @Test
    void everyElementInVirshsOrderAndValuesStayData() {
        Map<String, String> o = new HashMap<>();
        o.put("name", "a'b<c");
        o.put("type", "iscsi");
        o.put("source-host", "h");
        o.put("source-initiator", "iqn.x");
        o.put("adapter-wwnn", "1");
        o.put("adapter-wwpn", "2");
        o.put("adapter-parent-fabric-wwn", "3");
        o.put("auth-type", "chap");
        o.put("auth-username", "u");
        o.put("secret-usage", "s");
        o.put("source-format", "f");
        o.put("source-protocol-ver", "4");
        assertEquals("""
            <pool type='iscsi'>
              <name>a&apos;b&lt;c</name>
              <source>
                <host name='h'/>
                <initiator>
                  <iqn name='iqn.x'/>
                </initiator>
                <adapter type='fc_host' parent_fabric_wwn='3' wwnn='1' wwpn='2'/>
                <auth type='chap' username='u'>
                  <secret usage='s'/>
                </auth>
                <format type='f'/>
                <protocol ver='4'/>
              </source>
            </pool>
            """, PoolXmlBuilder.build(o));
    }
}
