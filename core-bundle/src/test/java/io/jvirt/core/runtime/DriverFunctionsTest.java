package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jvirt.core.spi.DomainRef;
import io.jvirt.core.spi.DriverConnection;

class DriverFunctionsTest {

    /** Implements suspend and resume only. */
    abstract static class PauseOnly implements DriverConnection {
        @Override
        public void domainSuspend(DomainRef dom) {
        }

        @Override
        public void domainResume(DomainRef dom) {
        }
    }

    @Test
    void everyEntryPointNamesItsLibvirtFunction() {
        List<String> all = DriverFunctions.all();
        assertTrue(all.containsAll(List.of("virDomainSuspend", "virDomainResume", "virConnectListAllDomains",
            "virDomainDefineXMLFlags", "virDomainGetXMLDesc", "virDomainMemoryStats", "virDomainGetHostname")), all.toString());
        assertEquals(all.size(), Set.copyOf(all).size(), "each function once");
        // domainId delegates to lookupByUuid and isAlive answers by itself: neither is a function of its own
        assertFalse(all.contains("virDomainGetID"));
        assertTrue(all.stream().allMatch(f -> f.startsWith("vir")), all.toString());
    }

    @Test
    void aDriverImplementsWhatItsConnectionOverrides() {
        assertEquals(Set.of("virDomainResume", "virDomainSuspend"), DriverFunctions.implementedBy(PauseOnly.class));
        assertEquals(Set.of(), DriverFunctions.implementedBy(null));
    }
}
