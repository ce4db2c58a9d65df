package io.jvirt.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

class NetworkResolverImplTest {

    @Test
    void aConfigurationChangeIsSeenThroughTheSameService() {
        NetworkResolverImpl service = new NetworkResolverImpl();
        assertEquals(Map.of(), service.bridges().asMap(), "no configuration, no networks");
        service.configure(Map.of("service.pid", "io.jvirt.network", "default.bridge", "virbr0"));
        assertEquals(Map.of("default", "virbr0"), service.bridges().asMap());
        service.configure(Map.of("default.bridge", "br0", "lab.bridge", "br1"));
        assertEquals(Map.of("default", "br0", "lab", "br1"), service.bridges().asMap());
    }
}
