package io.jvirt.driver.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.ListFilter;

/** 100,000 defined domains in one connection: counts, lookups and listings stay right (timings are the benchmark's business). */
class ScaleTest {

    private static final int N = 100_000;

    @Test
    void hundredThousandDefinedDomains() {
        try (Connection c = Fixture.connector().open("test:///default")) {
            for (int i = 0; i < N; i++) {
                c.defineXml("<domain type='test'><name>d" + i + "</name><uuid>" + uuid(i) + "</uuid>"
                    + "<memory>65536</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>");
            }
            assertEquals(N + 1, c.listAllDomains().size());
            assertEquals(N, c.numOfDefinedDomains());
            assertEquals(N, c.listAllDomains(ListFilter.INACTIVE).size());
            for (int i = 0; i < N; i += 997) {
                assertEquals("d" + i, c.lookupByName("d" + i).name());
                assertEquals("d" + i, c.lookupByUuid(uuid(i)).name());
                assertEquals(true, c.lookupByName("d" + i).xmlDesc().contains("<name>d" + i + "</name>"));
            }
            c.lookupByName("d42").create();
            assertEquals(2, c.numOfDomains());
            assertEquals("d42", c.lookupById(2).name());
        }
    }

    private static UUID uuid(int i) {
        return new UUID(0x1234L, i);
    }
}
