package io.jvirt.core.kit.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** virconf.c's reader and writer: values, separators, comments, and its errors word for word. */
class VirConfTest {

    private static void syntax(String content, String message, VirConf.Flag... flags) {
        VirtException e = assertThrows(VirtException.class, () -> VirConf.read(content, flags));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code(), e.getMessage());
        assertEquals(ErrorDomain.CONF, e.errorDomain());
        assertEquals("configuration file syntax error: " + message, e.getMessage());
    }

    @Test
    void readsXlSyntax() {
        VirConf c = VirConf.read("# a comment\nname = \"a b\"\nmemory=512; vcpus = -2 # trailing\n"
            + "disk = [ 'x,y', \"z\",\n  ]\nvnuma = [ [ \"a\" ], [] ]\nextra = \"\"\"one\ntwo\"\"\"\n");
        assertEquals("a b", c.string("name"));
        assertEquals(new VirConfValue.Number(512, false), c.get("memory"));
        assertEquals(new VirConfValue.Number(-2, true), c.get("vcpus"));
        assertEquals(List.of("x,y", "z"), c.stringList("disk", false));
        assertEquals("one\ntwo", c.string("extra"));
        VirConfValue.ListValue vnuma = (VirConfValue.ListValue) c.get("vnuma");
        assertEquals(2, vnuma.values().size());
        assertNull(c.get("missing"));
        assertEquals("# a comment\nname = \"a b\"\nmemory = 512\nvcpus = -2 # trailing\ndisk = [ \"x,y\", \"z\" ]\n"
            + "vnuma = [ [ \"a\" ], [  ] ]\nextra = \"\"\"one\ntwo\"\"\"\n", c.write());
    }

    @Test
    void errorsNameTheLineAsLibvirtDoes() {
        syntax("a = 1\nb = \"open\n", "memory conf:2: unterminated string");
        syntax("a = 'open", "memory conf:1: unterminated string");
        syntax("a = \"\"\"never closed\n\n", "memory conf:1: unterminated string");
        syntax("a = \"\"\"x\ny\nz\n\nw", "memory conf:4: unterminated string");
        syntax("a = \n", "memory conf:1: expecting a value");
        syntax("a =", "memory conf:1: expecting a value");
        syntax("a 1", "memory conf:1: expecting an assignment");
        syntax("1 = 2", "memory conf:1: expecting a name");
        syntax("   ", "memory conf:1: expecting a name");
        syntax("a = 1 b = 2", "memory conf:1: expecting a separator");
        syntax("a = [ 1 2 ]", "memory conf:1: expecting a separator in list");
        syntax("a = [ 1, 2", "memory conf:1: list is not closed with ]");
        syntax("a = -x", "memory conf:1: unterminated number");
        syntax("a = +", "memory conf:1: unterminated number");
        syntax("a = foo", "memory conf:1: expecting a value");
        syntax("a = [ 1 ]", "memory conf:1: lists not allowed in VMX format", VirConf.Flag.VMX_FORMAT);
        syntax("a = 1", "memory conf:1: numbers not allowed in VMX format", VirConf.Flag.VMX_FORMAT);
    }

    @Test
    void hostileContentGivesConfSyntax() {
        syntax("a = 99999999999999999999", "memory conf:1: number out of range");
        syntax("a = " + "[".repeat(100_000), "memory conf:1: lists nested deeper than 32");
        assertEquals(ErrorCode.CONF_SYNTAX, assertThrows(VirtException.class,
            () -> VirConf.read("a = \"" + "x".repeat(VirConf.MAX_CHARS) + "\"")).code());
        VirConf big = VirConf.read("a = [ " + "1, ".repeat(200_000) + "1 ]");
        assertEquals(200_001, ((VirConfValue.ListValue) big.get("a")).values().size());
        assertEquals("x", VirConf.read("a = 'x'\0b = ").string("a"));
        assertEquals(9223372036854775807L, ((VirConfValue.Number) VirConf.read("a = 9223372036854775807").get("a")).value());
    }

    @Test
    void typedGettersUseLibvirtsWords() {
        VirConf c = VirConf.read("n = 1\nl = [ 1 ]\ns = \"x\"\n");
        VirtException e = assertThrows(VirtException.class, () -> c.string("n"));
        assertEquals("internal error: memory conf: expected a string for 'n' parameter", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.stringList("l", false));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertEquals("configuration file syntax error: memory conf: expected a string list for 'l' parameter", e.getMessage());
        e = assertThrows(VirtException.class, () -> c.stringList("s", false));
        assertEquals("internal error: memory conf: expected a string list for 's' parameter", e.getMessage());
        assertEquals(List.of("x"), c.stringList("s", true));
    }

    @Test
    void lxcAndVmxFlags() {
        VirConf lxc = VirConf.read("lxc.rootfs.path = /var/lib/lxc/a b  \n", VirConf.Flag.LXC_FORMAT);
        // libvirt's loop meant to trim trailing blanks never runs: they stay
        assertEquals("/var/lib/lxc/a b  ", lxc.string("lxc.rootfs.path"));
        VirConf vmx = VirConf.read(".encoding = \"UTF-8\"\nethernet0.virtualDev = \"e1000\"\n", VirConf.Flag.VMX_FORMAT);
        assertEquals("e1000", vmx.string("ETHERNET0.virtualdev"));
        assertEquals("UTF-8", vmx.string(".encoding"));
    }

    @Test
    void writerQuotesAsLibvirtAndRefusesWhatWouldNotReadBack() {
        VirConf c = new VirConf().set("a", "say \"hi\"").set("b", "it's").set("c", "both ' \" x").set("d", 2L)
            .set("e", new VirConfValue.Number(-1, false));
        assertEquals("a = 'say \"hi\"'\nb = \"it's\"\nc = \"\"\"both ' \" x\"\"\"\nd = 2\ne = 18446744073709551615\n", c.write());
        c.set("a", "replaced");
        assertTrue(c.write().startsWith("a = \"replaced\"\n"));
        for (String bad : List.of("cr\r", "x\"\"\"\ny", "new\nline\"")) {
            VirtException e = assertThrows(VirtException.class, () -> new VirConf().set("x", bad).write());
            assertEquals(ErrorCode.CONFIG_UNSUPPORTED, e.code());
        }
        String ok = new VirConf().set("name", "a\nb").write();
        assertEquals("a\nb", VirConf.read(ok).string("name"));
    }

    @Test
    void entriesKnowTheLineTheyStartOn() {
        VirConf c = VirConf.read("\n# one\na = \"\"\"x\ny\"\"\"; b = 'z'\n\n  c = 1\n");
        assertEquals(List.of(2, 3, 4, 6), c.entries().stream().map(VirConf.Entry::line).toList());
        assertEquals(List.of("a", "b", "c"), c.settings().stream().map(VirConf.Entry::name).toList());
        assertEquals(6, c.entry("c").line());
        assertEquals("z", c.entry("b").string());
        assertNull(c.entry("c").string());
        assertEquals(0, new VirConf().set("n", "v").entry("n").line());
        VirConf lxc = VirConf.read("lxc.a = 1\n\nlxc.a = 2\n", VirConf.Flag.LXC_FORMAT);
        // virConfGetValue: the first entry of a name wins
        assertEquals(new VirConf.Entry("lxc.a", VirConfValue.of("1"), null, 1), lxc.entry("lxc.a"));
    }

    @Test
    void vmxNamesCompareWithoutCaseInAsciiOnly() {
        VirConf vmx = VirConf.read("Key = \"1\"\nkey = \"2\"\n", VirConf.Flag.VMX_FORMAT);
        assertEquals("1", vmx.entry("KEY").string());
        // libvirt's STRCASEEQ folds ASCII letters only: the Kelvin sign is no 'K'
        assertNull(vmx.entry("\u212Aey"));
        assertEquals("key", VirConf.vmxKey("KeY"));
        assertNull(VirConf.read("Key = 'x'\n").entry("key"));
    }
}
