package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The kit's disk names against libvirt's virDiskNameParse / virIndexToDiskName (util/virutil.c). */
class DiskNamesTest {

    @Test
    void indexesAsLibvirtParsesThem() {
        assertEquals(0, DiskNames.index("sda"));
        assertEquals(3, DiskNames.index("hdd"));
        assertEquals(25, DiskNames.index("vdz"));
        assertEquals(26, DiskNames.index("xvdaa"));
        assertEquals(27, DiskNames.index("ubdab"));
        assertEquals(702, DiskNames.index("sdaaa"));
        assertEquals(1, DiskNames.index("sdb12"), "a partition number is ignored");
        assertEquals(0, DiskNames.index("fda"));
    }

    @Test
    void refusesWhatLibvirtRefuses() {
        // libvirt needs a lower-case letter right after the prefix
        assertEquals(-1, DiskNames.index("sd"));
        assertEquals(-1, DiskNames.index("sd1"));
        assertEquals(-1, DiskNames.index("sdA"));
        assertEquals(-1, DiskNames.index("sda1b"));
        assertEquals(-1, DiskNames.index("nvme0n1"));
        assertEquals(-1, DiskNames.index(""));
        assertEquals(-1, DiskNames.index(null));
        assertEquals(-1, DiskNames.index("sd" + "z".repeat(40)), "an index past int is no disk, never a wrapped one");
    }

    @Test
    void namesRoundTrip() {
        assertEquals("sda", DiskNames.name(0, "sd"));
        assertEquals("vdz", DiskNames.name(25, "vd"));
        assertEquals("xvdaa", DiskNames.name(26, "xvd"));
        for (int i = 0; i < 2000; i++) {
            assertEquals(i, DiskNames.index(DiskNames.name(i, "hd")));
        }
    }
}
