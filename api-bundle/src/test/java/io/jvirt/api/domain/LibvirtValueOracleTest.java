package io.jvirt.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jvirt.api.testing.LibvirtParsers;

/**
 * jvirt's readers of numbers, UUIDs and MAC addresses against libvirt 9.0's own functions
 * (libvirt.so.0, called through {@link LibvirtParsers}) on the same inputs: hand-picked edges plus
 * tens of thousands of random texts made of the characters those parsers treat specially (C white
 * space including '\v', signs, digits, hex letters, separators, "0x", Unicode digits, non-ASCII).
 * Every disagreement is listed.
 */
class LibvirtValueOracleTest {

    private static final String[] NUMBER_PARTS = {"0", "1", "7", "9", "42", "-", "+", " ", "\t", "\u000B", "\f", "\r",
        "\n", "x", "a", "e", ".", "\u0663", "\uFF11", "2147483647", "2147483648", "4294967295", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616", "00"};
    private static final String[] UUID_PARTS = {"c7", "a5", "fD", "0", "9", "-", " ", "\t", "\u000B", "\n", "\f", "g",
        "\uFF10", "\u00e9", "--", "c7a5fdbdedaf9455", "926ad65c16db1809"};
    private static final String[] MAC_PARTS = {"52", "5", "0", "a", "B", "ff", "100", ":", "-", " ", "\t", "0x", "0X1",
        "g", "\u00e9", "\uFF10", "+", "52:54:00", ":0a:0b:0c", "\u0001"};

    private static final String[] IP_PARTS = {"0", "1", "7", "8", "9", "00", "01", "0x", "0X", "1f", "a", "F", "g", ".",
        ":", "::", "%", "%1", "%lo", "%eth9", "%4294967296", " ", "\t", "-", "+", "255", "256", "65535", "ffff",
        "10000", "16777215", "16777216", "4294967295", "4294967296", "fe80", "ff02", "1.2.3.4", "::ffff:", "\u0663",
        "\u00e9"};

    @BeforeAll
    static void libvirt() {
        LibvirtParsers.require();
    }

    @Test
    void numbersAreReadAsVirStrToLongReadsThem() {
        List<String> inputs = inputs(NUMBER_PARTS, 20_000, 6, 1);
        inputs.addAll(List.of("", "+-5", "-+5", "-0", "+0", " -1", "\u000B5", "5 ", "0x10", "1e3", "-2147483648",
            "-2147483649", "-4294967295", "-4294967296", "-9223372036854775808", "-18446744073709551615",
            "-18446744073709551616"));
        List<String> wrong = new ArrayList<>();
        compare("virStrToLong_i", inputs, LibvirtNumbers::i, LibvirtParsers::i, wrong);
        compare("virStrToLong_ui", inputs, LibvirtNumbers::ui, LibvirtParsers::ui, wrong);
        compare("virStrToLong_uip", inputs, LibvirtNumbers::uip, LibvirtParsers::uip, wrong);
        compare("virStrToLong_ll", inputs, LibvirtNumbers::ll, LibvirtParsers::ll, wrong);
        compare("virStrToLong_ull", inputs, LibvirtNumbers::ull, LibvirtParsers::ull, wrong);
        compare("virStrToLong_ullp", inputs, LibvirtNumbers::ullp, LibvirtParsers::ullp, wrong);
        assertEquals(List.of(), wrong);
    }

    @Test
    void uuidsAreReadAsVirUuidParseReadsThem() {
        List<String> inputs = inputs(UUID_PARTS, 10_000, 40, 2);
        inputs.addAll(mutations(new String[] {"c7a5fdbd-edaf-9455-926a-d65c16db1809", "c7a5fdbdedaf9455926ad65c16db1809",
            " C7 A5 FD BD ED AF 94 55 92 6A D6 5C 16 DB 18 09 "}, UUID_PARTS, 20_000, 2));
        inputs.addAll(List.of("c7a5fdbd-edaf-9455-926a-d65c16db1809", " c7a5fdbdedaf9455926ad65c16db1809\n",
            "\u000Bc7a5fdbdedaf9455926ad65c16db1809", "c7a5fdbdedaf9455926ad65c16db1809\u000B",
            "c-7a5fdbdedaf9455926ad65c16db1809", "c7a5fdbdedaf9455926ad65c16db180", "c7a5fdbdedaf9455926ad65c16db18090"));
        List<String> wrong = new ArrayList<>();
        compare("virUUIDParse", inputs, LibvirtUuids::parse, LibvirtParsers::uuid, wrong);
        assertEquals(List.of(), wrong);
        assertTrue(inputs.stream().filter(s -> LibvirtParsers.uuid(s) != null).count() > 100,
            "the random inputs reach libvirt's accepting paths too");
    }

    @Test
    void macAddressesAreReadAsVirMacAddrParseReadsThem() {
        List<String> inputs = inputs(MAC_PARTS, 10_000, 14, 3);
        inputs.addAll(mutations(new String[] {"52:54:00:0a:0b:0c", "2:0:0:a:B:c", "ff:FF:00:1:02:3"}, MAC_PARTS, 20_000, 3));
        inputs.addAll(List.of("52:54:0:a:B:0c", "52-54-00-0a-0b-0c", " 52:54:00:0a:0b:0c", "52:54:00:0a:0b:0c junk",
            "52:54:00:0a:0b:0c\u00e9", "52:54:00:0a:0b:0x1", "52:54:00:0a:0b:0cd", "0x1:54:00:0a:0b:0c",
            "52:54:00:0a:0b:0x", "52:54:00:0a:0b:0c\u007f"));
        List<String> wrong = new ArrayList<>();
        compare("virMacAddrParse", inputs, MacAddress::canonical, LibvirtParsers::mac, wrong);
        assertEquals(List.of(), wrong);
        assertTrue(inputs.stream().filter(s -> LibvirtParsers.mac(s) != null).count() > 100,
            "the random inputs reach libvirt's accepting paths too");
    }

    @Test
    void ipAddressesAreReadAndWrittenAsVirSocketAddrParseAndFormatDoIt() {
        List<String> inputs = inputs(IP_PARTS, 20_000, 9, 4);
        inputs.addAll(mutations(new String[] {"192.168.122.1", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1",
            "fe80::1%lo", "0x7f.1", "10.1.2", "0:0:0:0:0:0:0:1", "1:0:0:2:0:0:0:3", "::1.2.3.4"}, IP_PARTS, 30_000, 5));
        inputs.addAll(List.of("", "127.1", "0177.0.0.1", "0x7f000001", "4294967295", "4294967296", "1.2.3.4 ",
            " 1.2.3.4", "1.2.3.04", "::01.2.3.4", "::1.2.3.4", "::ffff:1.2.3.4", "::ffff:0:1.2.3.4", "1::", "::",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "fe80::1%0", "fe80::1%1", "ff02::1%lo",
            "2001:db8::1%1", "2001:db8::1%lo", "1:0:0:1:0:0:0:1", "0:0:1:0:0:1:0:0"));
        List<String> wrong = new ArrayList<>();
        compare("virSocketAddrParse(AF_UNSPEC)", inputs, s -> IpAddressText.canonical(s, null),
            s -> LibvirtParsers.socketAddr(s, 0), wrong);
        compare("virSocketAddrParse(AF_INET)", inputs, s -> IpAddressText.canonical(s, IpAddressText.Family.IPV4),
            s -> LibvirtParsers.socketAddr(s, LibvirtParsers.AF_INET), wrong);
        compare("virSocketAddrParse(AF_INET6)", inputs, s -> IpAddressText.canonical(s, IpAddressText.Family.IPV6),
            s -> LibvirtParsers.socketAddr(s, LibvirtParsers.AF_INET6), wrong);
        assertEquals(List.of(), wrong);
        assertTrue(inputs.stream().filter(s -> LibvirtParsers.socketAddr(s, 0) != null).count() > 1000,
            "the random inputs reach libvirt's accepting paths too");
    }

    /** Random concatenations of {@code parts} (a fixed seed: a failure can be replayed). */
    private static List<String> inputs(String[] parts, int count, int maxParts, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(maxParts + 1); k > 0; k--) {
                b.append(parts[r.nextInt(parts.length)]);
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Valid texts with zero to two random edits each: a part inserted, a character deleted or replaced. */
    private static List<String> mutations(String[] valid, String[] parts, int count, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            StringBuilder b = new StringBuilder(valid[r.nextInt(valid.length)]);
            for (int k = r.nextInt(3); k > 0 && b.length() > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.insert(at, parts[r.nextInt(parts.length)]);
                    case 1 -> b.deleteCharAt(at);
                    default -> b.replace(at, at + 1, parts[r.nextInt(parts.length)]);
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    private static <T> void compare(String what, List<String> inputs, Function<String, T> jvirt,
            Function<String, T> libvirt, List<String> wrong) {
        for (String s : inputs) {
            T expected = libvirt.apply(s);
            T actual = jvirt.apply(s);
            if (expected == null ? actual != null : !expected.equals(actual)) {
                if (wrong.size() < 40) {
                    wrong.add(what + "(\"" + s.replace("\n", "\\n").replace("\u000B", "\\v") + "\"): libvirt "
                        + expected + ", jvirt " + actual);
                }
            }
        }
    }
}
