package io.jvirt.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleScriptTest {

    @Test
    void everyArgumentIsOneSingleQuotedWord() {
        assertEquals("virt:dominfo 'web'", ConsoleScript.command(null, "dominfo", List.of("web")));
        assertEquals("virt:list '--all'", ConsoleScript.command(null, "list", List.of("--all")));
        assertEquals("virt:dominfo '$(echo pwned > /tmp/x)' '${karaf.home}' 'a;b' 'c|d' 'e > f'",
            ConsoleScript.command(null, "dominfo", List.of("$(echo pwned > /tmp/x)", "${karaf.home}", "a;b", "c|d", "e > f")));
        assertEquals("virt:dominfo 'it'\\''s'", ConsoleScript.command(null, "dominfo", List.of("it's")));
        assertEquals("virt:dominfo 'a\\b'", ConsoleScript.command(null, "dominfo", List.of("a\\b")));
    }

    @Test
    void aConnectionIsConnectedFirst() {
        assertEquals("virt:connect 'qemu:///system' ; virt:list '--all'",
            ConsoleScript.command("qemu:///system", "list", List.of("--all")));
        assertEquals("virt:connect 'x'\\'' ; echo pwned' ; virt:uri",
            ConsoleScript.command("x' ; echo pwned", "uri", List.of()));
    }

    @Test
    void theCommandNameIsAWordNeverScript() {
        assertThrows(IllegalArgumentException.class, () -> ConsoleScript.command(null, "list; echo pwned", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ConsoleScript.command(null, "list$(x)", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ConsoleScript.command(null, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> ConsoleScript.command(null, "List", List.of()));
        assertEquals("virt:domxml-from-native 'lxc-tools' 'f'", ConsoleScript.command(null, "domxml-from-native", List.of("lxc-tools", "f")));
    }
}
