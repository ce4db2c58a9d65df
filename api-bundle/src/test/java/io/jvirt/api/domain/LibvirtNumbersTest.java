package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;

import io.jvirt.api.VirtException;

import org.junit.jupiter.api.Test;

/**
 * virStrToLong_* and virScaleInteger's readings (virstring.c, virutil.c), virUUIDParse and
 * virMacAddrParse, written once for the XML parser and the drivers' converters. The domain XML
 * parser's own copies took what libvirt refuses: "+-5" as -5, Unicode digits, '-' between a MAC
 * address's octets, white space before it, a separator inside a UUID's hex pair.
 */
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

    @Test
    void theXmlParsersReadersAreLibvirts() {
        assertNull(LibvirtNumbers.i("+-5"));
        assertNull(LibvirtNumbers.i("\u0661\u0662")); // ARABIC-INDIC digits: Integer.parseInt takes them
        assertNull(LibvirtNumbers.i("5 "));
        assertEquals(-5, LibvirtNumbers.i(" \u000B-5"));
        assertEquals(5L, LibvirtNumbers.uip("+5"));
        assertNull(LibvirtNumbers.uip("-0"));
        assertNull(LibvirtNumbers.uip("4294967296"));
        assertEquals(4294967295L, LibvirtNumbers.uip("4294967295"));
        assertEquals(-1L, LibvirtNumbers.ullp("18446744073709551615"));
        assertNull(LibvirtNumbers.ullp("-1"));
    }

    @Test
    void aPrefixEndsWhereStrtolStops() {
        LibvirtNumbers.Prefix p = LibvirtNumbers.prefix("0-+3", 2);
        assertEquals(3, p.signed().intValue());
        assertEquals(4, p.end());
        assertEquals("", p.rest());
        assertNull(LibvirtNumbers.prefix("1,x", 2));
    }

    @Test
    void uuidsAsVirUuidParseReadsThem() {
        UUID u = UUID.fromString("c7a5fdbd-edaf-9455-926a-d65c16db1809");
        assertEquals(u, LibvirtUuids.parse("c7a5fdbd-edaf-9455-926a-d65c16db1809"));
        assertEquals(u, LibvirtUuids.parse(" c7a5fdbdedaf9455926ad65c16db1809\n"));
        assertEquals(u, LibvirtUuids.parse("c7 a5 fd bd ed af 94 55-92 6a d6 5c 16 db 18 09"));
        assertNull(LibvirtUuids.parse("c-7a5fdbdedaf9455926ad65c16db1809"), "a separator inside a pair");
        assertNull(LibvirtUuids.parse("c7a5fdbdedaf9455926ad65c16db180"), "31 digits");
        assertNull(LibvirtUuids.parse("c7a5fdbdedaf9455926ad65c16db1809 x"));
        assertNull(LibvirtUuids.parse("c7a5fdbdedaf9455926ad65c16db18\uFF10\uFF19"), "FULLWIDTH digits");
        VirtException e = assertThrows(VirtException.class,
            () -> DomainXml.parse("<domain type='test'><name>a</name><uuid>c-7a5fdbdedaf9455926ad65c16db1809</uuid>"
                + "<memory>1024</memory><os><type>hvm</type></os></domain>"));
        assertEquals("XML error: malformed uuid element", e.getMessage());
    }

    @Test
    void macAddressesAsVirMacAddrParseReadsThem() {
        assertEquals("52:54:00:0a:0b:0c", MacAddress.canonical("52:54:0:a:B:0c"));
        assertEquals("52:54:00:0a:0b:0c", MacAddress.canonical("52:54:00:0a:0b:0c\u00e9"), "C's signed char");
        assertEquals("52:54:00:0a:0b:0c", MacAddress.canonical("52:54:00:0a:0b:0c junk"));
        assertNull(MacAddress.canonical("52-54-00-0a-0b-0c"));
        assertNull(MacAddress.canonical(" 52:54:00:0a:0b:0c"));
        assertNull(MacAddress.canonical("52:54:00:0a:0b:0cd"));
        assertNull(MacAddress.canonical("52:54:00:0a:0b:0x1"));
        assertNull(MacAddress.canonical("52:54:00:0a:0b:\uFF10c"));
        assertNull(MacAddress.canonical("52:54:00:0a:0b"));
        VirtException e = assertThrows(VirtException.class, () -> MacAddress.parse("52-54-00-0a-0b-0c"));
        assertEquals("XML error: unable to parse mac address '52-54-00-0a-0b-0c'", e.getMessage());
        assertThrows(VirtException.class, () -> MacAddress.parse("01:54:00:0a:0b:0c"));
    }
}
