package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Generated UUIDs: version 4, the IETF variant, never the same twice, on any thread. */
class RandomUuidsTest {

    @Test
    void uuidsAreVersion4AndDistinctAcrossBatchesAndThreads() throws InterruptedException {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 5_000; i++) { // about 78 refills of the thread's 1 KiB
                    UUID u = RandomUuids.random();
                    assertEquals(4, u.version());
                    assertEquals(2, u.variant());
                    assertTrue(seen.add(u), "a UUID came twice: " + u);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(20_000, seen.size());
        // the bits are used: each of the 122 random bits takes both values over these UUIDs
        long hiOr = 0;
        long hiAnd = -1;
        for (UUID u : seen) {
            hiOr |= u.getMostSignificantBits();
            hiAnd &= u.getMostSignificantBits();
        }
        assertEquals(-1L, hiOr | 0xf000L);
        assertEquals(0x4000L, hiAnd);
    }

    @Test
    void aDomainDefinedWithoutUuidGetsADistinctOne() {
        String xml = "<domain type='test'><name>u</name><memory>8192</memory><os><type>hvm</type></os></domain>";
        Set<UUID> uuids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            UUID u = DomainXml.parse(xml).uuid();
            assertEquals(4, u.version());
            assertTrue(uuids.add(u));
        }
        assertNotEquals(DomainXml.parse(xml).uuid(), DomainXml.parse(xml).uuid());
    }
}
