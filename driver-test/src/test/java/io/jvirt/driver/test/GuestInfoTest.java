package io.jvirt.driver.test;

import static io.jvirt.driver.test.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.HostnameFlag;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;

/** What the guest reports through the test driver: libvirt's made-up memory statistics and host name. */
class GuestInfoTest {

    private final Connector connector = Fixture.connector();

    @Test
    void memoryStatsAreLibvirtsFiguresInItsOrder() {
        try (Connection c = connector.openReadOnly("test:///default")) {
            MemoryStats s = c.lookupByName("test").memoryStats();
            // testDomainMemoryStats of the default domain: 2 GiB current memory, a virtio balloon
            List<String> lines = s.asList().stream().map(x -> x.tag().label() + " " + x.value()).toList();
            assertEquals(List.of("actual 2097152", "swap_in 0", "swap_out 0", "major_fault 0", "minor_fault 0",
                "unused 1048576", "available 2097152", "usable 1048576", "last_update 627319920",
                "disk_caches 262144", "hugetlb_pgalloc 0", "hugetlb_pgfail 0", "rss 1048576"), lines);
            assertEquals(13, s.size());
            assertEquals(2097152, s.get(MemoryStatTag.ACTUAL_BALLOON).getAsLong());
        }
    }

    @Test
    void memoryStatsFollowTheBalloonAndNeedOne() {
        try (Connection c = connector.open("test:///default")) {
            Domain test = c.lookupByName("test");
            test.setMemory(1048576);
            assertEquals(1048576, test.memoryStats().get(MemoryStatTag.ACTUAL_BALLOON).getAsLong());
            assertEquals(131072, test.memoryStats().get(MemoryStatTag.DISK_CACHES).getAsLong());
            // Fixture.DOMAIN_XML has no <memballoon>: the test driver has nothing to report
            Domain plain = c.createXml(Fixture.domainXml("plain", "11111111-2222-3333-4444-555555555555"));
            assertTrue(plain.memoryStats().asList().isEmpty());
            plain.destroy();
        }
    }

    @Test
    void hostnameIsTheNameWithHost() {
        try (Connection c = connector.openReadOnly("test:///default")) {
            assertEquals("testhost", c.lookupByName("test").hostname());
            assertError(ErrorCode.INVALID_ARG, "unsupported flags (0x2) in function testDomainGetHostname",
                () -> c.lookupByName("test").hostname(HostnameFlag.AGENT));
        }
    }

    @Test
    void anInactiveDomainHasNeither() {
        try (Connection c = connector.open("test:///default")) {
            Domain d = c.defineXml(Fixture.domainXml("idle", "11111111-2222-3333-4444-666666666666"));
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
                d::memoryStats);
            assertError(ErrorCode.OPERATION_INVALID, "Requested operation is not valid: domain is not running",
                () -> d.hostname());
            d.undefine();
        }
    }
}
