package io.jvirt.shell.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

class ConsoleUsersTest {

    @TempDir
    Path dir;

    @Test
    void passwordsAreStoredAsBcryptHashesInARootOnlyFile() throws IOException {
        Path file = dir.resolve("users.properties");
        Files.writeString(file, "# users\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        ConsoleUsers users = new ConsoleUsers(file, new PrintStream(new ByteArrayOutputStream()));
        users.set("viewer", "viewer", "s3cret pass".toCharArray());
        users.set("karaf", "admin", "other".toCharArray());
        String text = Files.readString(file);
        assertFalse(text.contains("s3cret"), text);
        assertTrue(text.startsWith("# users\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n"), text);
        String line = text.lines().filter(l -> l.startsWith("viewer = ")).findFirst().orElseThrow();
        assertTrue(line.endsWith("{CRYPT},viewer,ssh"), line);
        String hash = line.substring(line.indexOf("{CRYPT}") + 7, line.lastIndexOf("{CRYPT}"));
        assertTrue(hash.startsWith("$2a$10$"), hash);
        assertTrue(BCrypt.checkpw("s3cret pass", hash));
        assertFalse(BCrypt.checkpw("wrong", hash));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("viewer viewer,ssh", "karaf _g_:admingroup"),
            users.list().stream().map(u -> u[0] + " " + u[1]).toList());
    }

    @Test
    void setReplacesAndDeleteRemoves() throws IOException {
        Path file = dir.resolve("users.properties");
        ConsoleUsers users = new ConsoleUsers(file, new PrintStream(new ByteArrayOutputStream()));
        users.set("ops", "viewer", "one".toCharArray());
        users.set("ops", "admin", "two".toCharArray());
        assertEquals(1, Files.readAllLines(file).stream().filter(l -> l.startsWith("ops ")).count());
        assertTrue(Files.readString(file).contains(",_g_:admingroup"));
        assertTrue(users.delete("ops"));
        assertFalse(users.delete("ops"));
        assertTrue(users.list().isEmpty());
    }

    @Test
    void namesAndRolesAreChecked() {
        ConsoleUsers users = new ConsoleUsers(dir.resolve("u"), new PrintStream(new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> users.set("a=b", "admin", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.set("a\nroot", "admin", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.set("_g_:admingroup", "admin", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.set("ops", "root", "x".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> users.set("ops", "viewer", new char[0]));
        assertFalse(Files.exists(dir.resolve("u")));
    }
}
