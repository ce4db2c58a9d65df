package io.jvirt.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAdminKeyTest {

    @TempDir
    Path etc;

    @Test
    void theKeyIsMadeOnceRootOnlyAndRegisteredForTheAdministrators() throws IOException {
        Files.writeString(etc.resolve("keys.properties"), "# keys\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        KeyPair first = LocalAdminKey.ensure(etc);
        KeyPair again = LocalAdminKey.ensure(etc);
        assertTrue(KeyFiles.same(first.getPublic(), again.getPublic()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve(LocalAdminKey.FILE))));
        String keys = Files.readString(etc.resolve("keys.properties"));
        assertEquals(1, keys.lines().filter(l -> l.startsWith("karaf = AAAAB3NzaC1yc2E")).count(), keys);
        assertTrue(keys.contains("karaf = " + KeyFiles.sshPublicKey(first.getPublic()) + ",_g_:admingroup"), keys);
        assertEquals(1, keys.lines().filter(l -> l.startsWith("_g_\\:admingroup")).count(), keys);
    }

    @Test
    void anotherKeyForTheUserIsLeftAloneAndReported() throws IOException {
        Files.writeString(etc.resolve("keys.properties"), "karaf = AAAAB3NzaC1yc2EAAAADAQAB,_g_:admingroup\n");
        IOException e = assertThrows(IOException.class, () -> LocalAdminKey.ensure(etc));
        assertTrue(e.getMessage().contains("already has another key for 'karaf'"), e.getMessage());
        assertEquals("karaf = AAAAB3NzaC1yc2EAAAADAQAB,_g_:admingroup\n", Files.readString(etc.resolve("keys.properties")));
    }

    @Test
    void keysReadBackAsWritten() throws IOException {
        KeyPair k = LocalAdminKey.ensure(etc);
        KeyPair read = KeyFiles.readPem(etc.resolve(LocalAdminKey.FILE));
        assertEquals(k.getPrivate(), read.getPrivate());
        assertTrue(KeyFiles.same(k.getPublic(), read.getPublic()));
    }
}
