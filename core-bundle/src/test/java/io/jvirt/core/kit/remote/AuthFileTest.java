package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** libvirt's auth.conf, read; which entry goes where is RemoteAccessPolicyTest's. */
class AuthFileTest {

    static final String SAMPLE = """
        # libvirt's auth.conf format
        [credentials-admin]
        username=root
        password=123456

        [credentials-other]
        username = fred
        password = x=y

        [auth-esx-esx1.example.com]
        credentials=admin

        [auth-esx-default]
        credentials=other
        """;

    @Test
    void hostGroupsAndTheDefaultGroupAreSeparateLookups() {
        AuthFile f = AuthFile.parse(Path.of("auth.conf"), SAMPLE);
        AuthFile.Credentials c = f.forHost("esx", "esx1.example.com").orElseThrow();
        assertEquals("root", c.username());
        assertEquals("123456", c.password());
        assertTrue(f.forHost("esx", "elsewhere").isEmpty(), "no fallback to the default group here");
        AuthFile.Credentials d = f.forDefault("esx").orElseThrow();
        assertEquals("fred", d.username());
        assertEquals("x=y", d.password());
        assertTrue(f.forHost("vpx", "esx1.example.com").isEmpty());
        assertTrue(f.forDefault("vpx").isEmpty());
        assertTrue(f.forHost("esx", "ESX1.example.com").isEmpty(), "libvirt's group names are case-sensitive");
    }

    @Test
    void aHostNamedDefaultIsNotTheDefaultGroup() {
        AuthFile f = AuthFile.parse(Path.of("auth.conf"), SAMPLE);
        assertTrue(f.forHost("esx", "default").isEmpty());
        assertTrue(f.forHost("esx", "").isEmpty());
        assertTrue(f.forHost("esx", null).isEmpty());
    }

    @Test
    void passwordsAreNeverPrinted() {
        AuthFile f = AuthFile.parse(Path.of("auth.conf"), SAMPLE);
        assertFalse(f.forHost("esx", "esx1.example.com").orElseThrow().toString().contains("123456"));
        assertFalse(f.toString().contains("123456"));
    }

    @Test
    void brokenFilesAreConfigErrorsThatNameTheLineNotItsText() {
        VirtException e = assertThrows(VirtException.class,
            () -> AuthFile.parse(Path.of("a.conf"), "[auth-esx-h]\ncredentials=missing\n").forHost("esx", "h"));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertEquals("configuration file syntax error: Missing group 'credentials-missing' referenced from group "
            + "'auth-esx-h' in 'a.conf'", e.getMessage());
        e = assertThrows(VirtException.class, () -> AuthFile.parse(Path.of("a.conf"), "password=hunter2\n"));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("a.conf:1"), e.getMessage());
        e = assertThrows(VirtException.class, () -> AuthFile.parse(Path.of("a.conf"), "[ok]\n\n[broken hunter2\n"));
        assertTrue(e.getMessage().contains("a.conf:3") && !e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void anUnreadableFileIsReadFailedWithoutItsContents(@TempDir Path tmp) throws Exception {
        Path bad = tmp.resolve("latin1.conf");
        Files.write(bad, "[credentials-x]\npassword=caf\u00e9-hunter2\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        VirtException e = assertThrows(VirtException.class, () -> AuthFile.load(bad));
        assertEquals(ErrorCode.READ_FAILED, e.code());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertEquals(ErrorCode.READ_FAILED,
            assertThrows(VirtException.class, () -> AuthFile.load(tmp.resolve("none.conf"))).code());
    }

    @Test
    void locatedAsLibvirtDoes(@TempDir Path tmp) throws Exception {
        Path env = tmp.resolve("env.conf");
        assertEquals(env, AuthFile.locate(Map.of(AuthFile.ENV, env.toString()), "/configured").orElseThrow());
        assertEquals(Path.of("/configured"), AuthFile.locate(Map.of(), "/configured").orElseThrow());
        Path xdg = tmp.resolve("libvirt/auth.conf");
        Files.createDirectories(xdg.getParent());
        Files.writeString(xdg, SAMPLE);
        assertEquals(xdg, AuthFile.locate(Map.of("XDG_CONFIG_HOME", tmp.toString()), "").orElseThrow());
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".config/libvirt"));
        Files.writeString(home.resolve(".config/libvirt/auth.conf"), SAMPLE);
        assertEquals(home.resolve(".config/libvirt/auth.conf"), AuthFile.locate(Map.of("HOME", home.toString()), null)
            .orElseThrow());
    }
}
