package io.jvirt.driver.esx;

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
    void looksUpByServiceAndHostThenDefault() {
        AuthFile f = AuthFile.parse(Path.of("auth.conf"), SAMPLE);
        AuthFile.Credentials c = f.lookup("esx", "esx1.example.com").orElseThrow();
        assertEquals("root", c.username());
        assertEquals("123456", c.password());
        AuthFile.Credentials d = f.lookup("esx", "elsewhere").orElseThrow();
        assertEquals("fred", d.username());
        assertEquals("x=y", d.password());
        assertTrue(f.lookup("vpx", "esx1.example.com").isEmpty());
    }

    @Test
    void passwordsAreNeverPrinted() {
        AuthFile f = AuthFile.parse(Path.of("auth.conf"), SAMPLE);
        assertFalse(f.lookup("esx", "esx1.example.com").orElseThrow().toString().contains("123456"));
        assertFalse(f.toString().contains("123456"));
    }

    @Test
    void brokenFilesAreConfigErrors() {
        VirtException e = assertThrows(VirtException.class,
            () -> AuthFile.parse(Path.of("a.conf"), "[auth-esx-h]\ncredentials=missing\n").lookup("esx", "h"));
        assertEquals(ErrorCode.CONF_SYNTAX, e.code());
        assertThrows(VirtException.class, () -> AuthFile.parse(Path.of("a.conf"), "username=x\n"));
        assertThrows(VirtException.class, () -> AuthFile.parse(Path.of("a.conf"), "[broken\n"));
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
    }

    @Test
    void aDriverWithoutCredentialsSaysWhereToPutThem() {
        EsxDriver d = new EsxDriver(EsxSettings.defaults(), Map::of);
        VirtException e = assertThrows(VirtException.class,
            () -> d.open(new io.jvirt.core.spi.ConnectRequest(java.net.URI.create("esx://nobody.invalid/"), false)));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertTrue(e.getMessage().contains("LIBVIRT_AUTH_FILE"), e.getMessage());
    }
}
