package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;

/**
 * The host files of vol-upload and vol-download (jvirt runs as root; the path is a user's): read-write
 * connections only, regular files only, never through a symbolic link, a created file removed on failure.
 */
class VolumeDataFilesTest {

    private final Connector connector = TestConsole.connector();

    @TempDir
    Path dir;

    @Test
    void aDownloadCreatesOrTruncatesARegularFileAndRemovesOnlyWhatItCreated() throws Exception {
        try (Connection c = connector.open("test:///default")) {
            Path fresh = dir.resolve("fresh.bin");
            VolumeDataFiles.Target t = VolumeDataFiles.openForDownload(c, fresh.toString());
            assertTrue(t.created());
            try (OutputStream out = t.out()) {
                out.write("abc".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("abc", Files.readString(fresh));
            t.discard();
            assertFalse(Files.exists(fresh));

            Path existing = Files.writeString(dir.resolve("existing.bin"), "old contents");
            VolumeDataFiles.Target e = VolumeDataFiles.openForDownload(c, existing.toString());
            assertFalse(e.created());
            try (OutputStream out = e.out()) {
                out.write('x');
            }
            e.discard(); // not created here: kept
            assertEquals("x", Files.readString(existing));
        }
    }

    @Test
    void symbolicLinksDirectoriesAndReadOnlyConnectionsAreRefused() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link"), secret);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        try (Connection c = connector.open("test:///default")) {
            assertEquals("error: cannot create " + link,
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForDownload(c, link.toString())).getNiceHelp());
            assertEquals("error: cannot create " + dangling,
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForDownload(c, dangling.toString())).getNiceHelp());
            assertFalse(Files.exists(dir.resolve("nowhere")));
            assertEquals("error: cannot create " + dir,
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForDownload(c, dir.toString())).getNiceHelp());
            assertEquals("error: cannot read " + link,
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForUpload(c, link.toString(), "v")).getNiceHelp());
            assertEquals("error: cannot read " + dir,
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForUpload(c, dir.toString(), "v")).getNiceHelp());
            try (InputStream in = VolumeDataFiles.openForUpload(c, secret.toString(), "v")) {
                assertArrayEquals("keep".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
            }
        }
        try (Connection ro = connector.openReadOnly("test:///default")) {
            Path target = dir.resolve("ro.bin");
            assertEquals("error: operation forbidden: read only access prevents virStorageVolDownload",
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForDownload(ro, target.toString())).getNiceHelp());
            assertFalse(Files.exists(target));
            assertEquals("error: cannot upload to volume v\nerror: operation forbidden: read only access prevents virStorageVolUpload",
                assertThrows(CommandException.class, () -> VolumeDataFiles.openForUpload(ro, secret.toString(), "v")).getNiceHelp());
        }
        assertEquals("keep", Files.readString(secret));
    }
}
