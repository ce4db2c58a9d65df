package io.jvirt.core.kit.vmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.driver.esx.DatastorePaths;

/** A .vmx file as the ESX driver receives it: bytes in the character set its .encoding names, and hostile. */
class VmxInputTest {

    private static final DatastorePaths ESX = new DatastorePaths("datastore", "directory", null);

    @Test
    void bytesAreReadInTheEncodingTheFileNames() {
        byte[] file = ".encoding = \"windows-1252\"\nconfig.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"caf\u00e9\"\n"
            .getBytes(Charset.forName("windows-1252"));
        String xml = VmxToDomain.toXml(VmxParser.parse(file), ESX);
        assertTrue(xml.contains("<name>caf\u00e9</name>"), xml);
    }

    @Test
    void utf8ByDefault() {
        byte[] file = "config.version = \"8\"\nvirtualHW.version = \"4\"\ndisplayName = \"caf\u00e9\"\n"
            .getBytes(StandardCharsets.UTF_8);
        assertTrue(VmxToDomain.toXml(VmxParser.parse(file), ESX).contains("<name>caf\u00e9</name>"));
    }

    @Test
    void anUnknownEncodingIsRefused() {
        VirtException e = assertThrows(VirtException.class, () -> VmxParser.parse(
            ".encoding = \"no-such-set\"\nconfig.version = \"8\"\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("internal error: libxml2 doesn't handle no-such-set encoding", e.getMessage());
    }

    @Test
    void aHugeSharedFolderCountCostsNothing() {
        // libvirt allocates and walks sharedFolder.maxNum slots; only slots with entries can be present
        String xml = VmxToDomain.toXml(VmxParser.parse("config.version = \"8\"\nvirtualHW.version = \"4\"\n"
            + "displayName = \"t\"\nisolation.tools.hgfs.disable = \"false\"\nsharedFolder.maxNum = \"2000000000\"\n"
            + "sharedFolder0.present = \"true\"\nsharedFolder0.enabled = \"true\"\nsharedFolder0.hostPath = \"/a\"\n"
            + "sharedFolder0.guestName = \"a\"\n"), ESX);
        assertTrue(xml.contains("<source dir='/a'/>"), xml);
    }

    @Test
    void aHugeEthernetIndexCostsNothing() {
        // libvirt reads every ethernetN up to the highest N named; only those named can be present
        String xml = VmxToDomain.toXml(VmxParser.parse("config.version = \"8\"\nvirtualHW.version = \"4\"\n"
            + "displayName = \"t\"\nethernet2000000000.present = \"true\"\n"
            + "ethernet2000000000.networkName = \"n\"\n"), ESX);
        assertTrue(xml.contains("<source bridge='n'/>"), xml);
    }

    @Test
    void syntaxErrorsAreLibvirtsWords() {
        for (String[] c : new String[][] {
            {"foo bar = \"x\"\n", "expecting an assignment"},
            {"1foo = \"x\"\n", "expecting a name"},
            {"foo = \"x\n", "unterminated string"},
            {"foo = [\"x\"]\n", "lists not allowed in VMX format"},
            {"foo = bar\n", "expecting a value"},
            {"foo = \"x\" \"y\"\n", "expecting a separator"}}) {
            VirtException e = assertThrows(VirtException.class, () -> VmxParser.parse(c[0]), c[0]);
            assertEquals(ErrorCode.CONF_SYNTAX, e.code(), c[0]);
            // libvirt's virConfErrorHelper prefixes "memory conf:LINE: " (checked in libvirt.so.0's virConfReadString)
            assertEquals("configuration file syntax error: memory conf:1: " + c[1], e.getMessage(), c[0]);
        }
        // separators, comments and VMX's name characters
        VmxParser.parse("a.b:c-d_e = \"1\"; f = 'x' # comment\n\n# only a comment\n.encoding = \"UTF-8\"\r\n");
    }

    @Test
    void onlySpacesTabsAndLineEndsSeparateStatements() {
        // virconf.c skips ' ', '\t', '\n' and '\r' between statements, nothing else: a form feed or a
        // vertical tab where a name should start is "expecting a name" (libvirt.so.0 says so too)
        for (String blank : new String[] {"\f", "\u000b", "\u00a0", "\u2028"}) {
            VirtException e = assertThrows(VirtException.class, () -> VmxParser.parse("a = \"x\"\n" + blank + "b = \"y\"\n"));
            assertEquals("configuration file syntax error: memory conf:2: expecting a name", e.getMessage());
        }
    }

    @Test
    void theTextEndsAtItsFirstNul() {
        // libvirt hands virConfReadString a C string: what follows a NUL is never read
        assertEquals(List.of("displayName"), VmxParser.parse("displayName = \"t\"\0junk = [").names());
    }
}
