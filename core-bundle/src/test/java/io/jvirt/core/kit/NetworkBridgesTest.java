package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainXml;

class NetworkBridgesTest {

    private static DomainDef withNetwork(String network) {
        return DomainXml.parse("<domain type='lxc'><name>n</name><memory>1024</memory><os><type>exe</type><init>/bin/sh</init></os>"
            + "<devices><interface type='network'><source network='" + network + "'/></interface>"
            + "<interface type='bridge'><source bridge='br9'/></interface></devices></domain>");
    }

    @Test
    void namesAreTheKeysEndingInDotBridge() {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("service.pid", "io.jvirt.network");
        cfg.put("default.bridge", " virbr0 ");
        cfg.put("lab.net.bridge", "br-lab");
        cfg.put("empty.bridge", "");
        cfg.put(".bridge", "nameless");
        cfg.put("default.mtu", "1500");
        NetworkBridges n = NetworkBridges.parse(cfg);
        assertEquals(Map.of("default", "virbr0", "lab.net", "br-lab"), n.asMap());
        assertEquals("br-lab", n.bridgeOf("lab.net", ErrorDomain.LXC));
    }

    @Test
    void unknownNetworkIsLibvirtsNoNetwork() {
        VirtException e = assertThrows(VirtException.class,
            () -> NetworkBridges.parse(Map.of("default.bridge", "virbr0")).resolve(withNetwork("nope"), ErrorDomain.QEMU));
        assertEquals(ErrorCode.NO_NETWORK, e.code());
        assertEquals(ErrorDomain.QEMU, e.errorDomain());
        assertEquals("Network not found: no network with matching name 'nope'", e.getMessage());
    }

    @Test
    void aMissingBridgeIsAnInactiveNetworkAndChangesNothing() {
        DomainDef def = withNetwork("default");
        VirtException e = assertThrows(VirtException.class,
            () -> NetworkBridges.parse(Map.of("default.bridge", "jvnosuchbr0")).resolve(def, ErrorDomain.LXC));
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
        assertEquals("Requested operation is not valid: network 'default' is not active: its bridge 'jvnosuchbr0' "
            + "does not exist on this host", e.getMessage());
        assertNull(def.interfaces().get(0).sourceBridge());
    }

    @Test
    void anExistingBridgeIsWrittenIntoTheLiveSource() {
        // the loopback device always exists; resolve checks existence, the driver's attach the kind
        DomainDef def = withNetwork("default");
        NetworkBridges.parse(Map.of("default.bridge", "lo")).resolve(def, ErrorDomain.LXC);
        assertEquals("lo", def.interfaces().get(0).sourceBridge());
        assertEquals("br9", def.interfaces().get(1).sourceBridge(), "other types untouched");
        String xml = DomainXml.format(def);
        assertEquals(true, xml.contains("<source network='default' bridge='lo'/>"), xml);
    }

    @Test
    void aBridgeThatIsNoInterfaceNameIsRefused() {
        VirtException e = assertThrows(VirtException.class,
            () -> NetworkBridges.parse(Map.of("default.bridge", "../etc")).resolve(withNetwork("default"), ErrorDomain.LXC));
        assertEquals(ErrorCode.OPERATION_INVALID, e.code());
    }
}
