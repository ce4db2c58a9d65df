package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** vshPrettyCapacity's "%.2lf UNIT" and virshVolSize's scaled sizes, with virsh's error lines. */
class StorageSizesTest {

    @Test
    void prettyCapacityAsVirshPrintsIt() {
        assertEquals("0.00 B", StorageSizes.pretty(0));
        assertEquals("1023.00 B", StorageSizes.pretty(1023));
        assertEquals("1.00 KiB", StorageSizes.pretty(1024));
        assertEquals("976.56 KiB", StorageSizes.pretty(1000000));
        assertEquals("48.83 KiB", StorageSizes.pretty(50000));
        assertEquals("1.00 GiB", StorageSizes.pretty(1L << 30));
        assertEquals("100.00 GiB", StorageSizes.pretty(100L << 30));
        assertEquals("1.50 TiB", StorageSizes.pretty(3L << 39));
        assertEquals("8.00 EiB", StorageSizes.pretty(Long.MIN_VALUE)); // 2^63 as unsigned
        assertEquals("16.00 EiB", StorageSizes.pretty(-1L));
        // glibc rounds an exact tie to even; Java's %.2f would print 0.13
        assertEquals("0.12", StorageSizes.twoDecimals(0.125));
        assertEquals("1.13 KiB", StorageSizes.pretty(1152 + 5)); // 1.12988... rounds up
    }

    @Test
    void volSizesScaleAsVirshReadsThem() throws Exception {
        assertEquals(1024, StorageSizes.parseVolSize("1024"));
        assertEquals(1L << 30, StorageSizes.parseVolSize("1G"));
        assertEquals(1L << 30, StorageSizes.parseVolSize("1GiB"));
        assertEquals(1_000_000_000L, StorageSizes.parseVolSize("1GB"));
        assertEquals(5, StorageSizes.parseVolSize(" 5b"));
        assertEquals(5, StorageSizes.parseVolSize("5bytes"));
        assertEquals(10L << 20, StorageSizes.parseVolSize("10M"));
        assertEquals(3L << 10, StorageSizes.parseVolSize("3k"));
    }

    @Test
    void malformedSizesGetVirshsLines() {
        assertEquals("error: Malformed size abc", message("abc"));
        assertEquals("error: Malformed size -5", message("-5"));
        assertEquals("error: Malformed size 1X\nerror: invalid argument: unknown suffix 'X'", message("1X"));
        assertEquals("error: Malformed size 1KiBB\nerror: invalid argument: unknown suffix 'KiBB'", message("1KiBB"));
        assertEquals("error: Malformed size 99999999999999999999", message("99999999999999999999"));
        assertEquals("error: Malformed size 17E\nerror: numerical overflow: value too large: 17E", message("17E"));
    }

    private static String message(String size) {
        return assertThrows(CommandException.class, () -> StorageSizes.parseVolSize(size)).getNiceHelp();
    }
}
