package io.jvirt.driver.test;

import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.MemballoonDef;

/**
 * The memory statistics libvirt's test driver makes up ({@code testDomainMemoryStats}): fractions
 * of the current memory, in its order, and nothing at all for a domain without a balloon (a guest
 * without a balloon driver reports nothing).
 */
final class TestMemoryStats {

    /** The LAST_UPDATE the test driver reports: its fixed guest clock (627319920 s). */
    static final long LAST_UPDATE = 627_319_920L;

    private TestMemoryStats() {
    }

    static MemoryStats of(DomainDef def) {
        MemoryStats.Builder b = MemoryStats.builder();
        if (!hasBalloon(def)) {
            return b.build();
        }
        long cur = def.currentMemoryKiB();
        return b.add(MemoryStatTag.ACTUAL_BALLOON, cur)
            .add(MemoryStatTag.SWAP_IN, 0)
            .add(MemoryStatTag.SWAP_OUT, 0)
            .add(MemoryStatTag.MAJOR_FAULT, 0)
            .add(MemoryStatTag.MINOR_FAULT, 0)
            .add(MemoryStatTag.UNUSED, cur / 2)
            .add(MemoryStatTag.AVAILABLE, cur)
            .add(MemoryStatTag.USABLE, cur / 2)
            .add(MemoryStatTag.LAST_UPDATE, LAST_UPDATE)
            .add(MemoryStatTag.DISK_CACHES, cur / 8)
            .add(MemoryStatTag.HUGETLB_PGALLOC, 0)
            .add(MemoryStatTag.HUGETLB_PGFAIL, 0)
            .add(MemoryStatTag.RSS, cur / 2)
            .build();
    }

    /** libvirt's virDomainDefHasMemballoon: a balloon whose model is not "none". */
    private static boolean hasBalloon(DomainDef def) {
        return def.devices(MemballoonDef.class).stream().anyMatch(b -> !"none".equals(b.model()));
    }
}
