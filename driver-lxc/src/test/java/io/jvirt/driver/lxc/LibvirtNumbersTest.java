package io.jvirt.driver.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** virStrToLong_* and virScaleInteger's readings (virstring.c, virutil.c). */
class LibvirtNumbersTest {

    @Test
    void unsignedReadersWrapNegativesAsCDoes() {
        assertEquals(-1L, LibvirtNumbers.ull("-1")); // ULLONG_MAX
        assertEquals(1L, LibvirtNumbers.ull("-18446744073709551615"));
        assertNull(LibvirtNumbers.ull("18446744073709551616"));
        assertEquals(42L, LibvirtNumbers.ull(" \t+42"));
        assertNull(LibvirtNumbers.ull("42 "));
        assertNull(LibvirtNumbers.ull(""));
        assertEquals(4294967295L, LibvirtNumbers.ui("-1"));
        assertEquals(1L, LibvirtNumbers.ui("-4294967295"));
        assertNull(LibvirtNumbers.ui("-4294967296"));
        assertNull(LibvirtNumbers.ui("4294967296"));
    }

    @Test
    void signedReadersRefuseWhatDoesNotFit() {
        assertEquals(-1L, LibvirtNumbers.ll("-1"));
        assertNull(LibvirtNumbers.ll("9223372036854775808"));
        assertEquals(Integer.MIN_VALUE, LibvirtNumbers.i("-2147483648"));
        assertNull(LibvirtNumbers.i("2147483648"));
        assertNull(LibvirtNumbers.i("0x10"));
    }

    @Test
    void sizesScaleByLibvirtsSuffixes() {
        assertEquals(8L << 20, LibvirtNumbers.scale(8, "m").value());
        assertEquals(8L << 20, LibvirtNumbers.scale(8, "MiB").value());
        assertEquals(8_000_000L, LibvirtNumbers.scale(8, "MB").value());
        assertEquals(8L, LibvirtNumbers.scale(8, "bytes").value());
        assertEquals(1L << 60, LibvirtNumbers.scale(1, "E").value());
        assertEquals(LibvirtNumbers.ScaleError.UNKNOWN_SUFFIX, LibvirtNumbers.scale(8, "q").error());
        assertEquals(LibvirtNumbers.ScaleError.UNKNOWN_SUFFIX, LibvirtNumbers.scale(8, "MiBs").error());
        assertEquals(LibvirtNumbers.ScaleError.OVERFLOW, LibvirtNumbers.scale(16, "E").error());
        assertEquals(0L, LibvirtNumbers.scale(0, "E").value());
    }
}
