package io.jvirt.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

class UserFilesTest {

    @TempDir
    Path tmp;
    Path allowed;
    Path secret;

    @BeforeEach
    void files() throws IOException {
        allowed = Files.createDirectories(tmp.resolve("viewer-files"));
        Files.writeString(allowed.resolve("web.xml"), "<domain/>");
        secret = tmp.resolve("secret");
        Files.writeString(secret, "root:$6$hash:19000:0:99999:7:::\n");
    }

    @Test
    void aReadWriteConnectionReadsAnyRegularFile() {
        UserFiles f = UserFiles.forConnection(false, UserFiles.under(allowed));
        assertSame(UserFiles.ANY, f);
        assertTrue(f.read(secret.toString()).startsWith("root:"));
    }

    @Test
    void aReadOnlyConnectionReadsInsideTheDirectoryOnly() {
        UserFiles f = UserFiles.forConnection(true, UserFiles.under(allowed));
        assertEquals("<domain/>", f.read(allowed.resolve("web.xml").toString()));
        VirtException e = assertThrows(VirtException.class, () -> f.read(secret.toString()));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertEquals("operation forbidden: cannot read '" + secret + "': read-only connections may read files under "
            + allowed + " only", e.getMessage());
    }

    @Test
    void dotDotAndSymbolicLinksDoNotLeadOut() throws IOException {
        UserFiles f = UserFiles.under(allowed);
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> f.read(allowed + "/../secret")).code());
        Files.createSymbolicLink(allowed.resolve("link"), secret);
        VirtException e = assertThrows(VirtException.class, () -> f.read(allowed.resolve("link").toString()));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
        Files.createSymbolicLink(allowed.resolve("dirlink"), tmp);
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> f.read(allowed.resolve("dirlink/secret").toString())).code());
    }

    @Test
    void theDirectoryMayBeNamedThroughLinksAndDotDot() throws IOException {
        // as CI sees ../shared: a configured name with ".." and a link in it, files named the same way
        Files.createDirectories(tmp.resolve("main"));
        Path link = Files.createSymbolicLink(tmp.resolve("shared"), allowed);
        Path spelled = tmp.resolve("main/../shared");
        UserFiles f = UserFiles.under(spelled);
        assertEquals("<domain/>", f.read(spelled.resolve("web.xml").toString()));
        assertEquals("<domain/>", f.read(link.resolve("web.xml").toString()));
        assertEquals("<domain/>", f.read(allowed.resolve("web.xml").toString()));
        assertEquals("Failed to open file '" + spelled.resolve("gone.xml") + "': No such file or directory",
            assertThrows(VirtException.class, () -> f.read(spelled.resolve("gone.xml").toString())).getMessage());
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> f.read(spelled.resolve("../secret").toString())).code());
    }

    @Test
    void aRefusalDoesNotTellWhetherTheFileExists() {
        UserFiles f = UserFiles.under(allowed);
        VirtException exists = assertThrows(VirtException.class, () -> f.read(secret.toString()));
        VirtException missing = assertThrows(VirtException.class, () -> f.read(tmp.resolve("nothing").toString()));
        assertEquals(exists.code(), missing.code());
        assertEquals(exists.getMessage().replace(secret.toString(), "X"),
            missing.getMessage().replace(tmp.resolve("nothing").toString(), "X"));
    }

    @Test
    void withoutADirectoryAReadOnlyConnectionReadsNothing() {
        UserFiles f = UserFiles.forConnection(true, UserFiles.NONE);
        VirtException e = assertThrows(VirtException.class, () -> f.read(allowed.resolve("web.xml").toString()));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
        assertTrue(e.getMessage().contains("no directory is configured for read-only connections"), e.getMessage());
        assertSame(UserFiles.NONE, UserFiles.under(tmp.resolve("no-such-dir")));
    }

    @Test
    void relativeNamesStartFromTheBase() {
        UserFiles f = UserFiles.under(allowed);
        assertEquals("<domain/>", f.read("web.xml", allowed));
        assertEquals(ErrorCode.OPERATION_DENIED, assertThrows(VirtException.class, () -> f.read("../secret", allowed)).code());
    }

    @Test
    void onlyRegularFilesAreRead() throws Exception {
        UserFiles f = UserFiles.ANY;
        VirtException dir = assertThrows(VirtException.class, () -> f.read(allowed.toString()));
        assertEquals("Failed to read file '" + allowed + "': not a regular file", dir.getMessage());
        assertEquals(ErrorCode.SYSTEM_ERROR, dir.code());
        assertEquals("Failed to read file '/dev/zero': not a regular file",
            assertThrows(VirtException.class, () -> f.read("/dev/zero")).getMessage());
        // a FIFO nobody writes to: opening it would wait forever
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, HostCommand.run(List.of("mkfifo", fifo.toString()), 10_000, ErrorDomain.NONE).status());
        assertEquals("Failed to read file '" + fifo + "': not a regular file",
            assertThrows(VirtException.class, () -> f.read(fifo.toString())).getMessage());
    }

    @Test
    void largeFilesAreRefused() throws IOException {
        Path big = allowed.resolve("big.xml");
        try (RandomAccessFile r = new RandomAccessFile(big.toFile(), "rw")) {
            r.setLength(UserFiles.MAX_BYTES + 1L); // sparse: no disk used
        }
        VirtException e = assertThrows(VirtException.class, () -> UserFiles.ANY.read(big.toString()));
        assertEquals("Failed to read file '" + big + "': larger than " + UserFiles.MAX_BYTES + " bytes", e.getMessage());
    }

    @Test
    void missingFilesAndBinaryFilesGiveLibvirtsWordsAndNoContent() throws IOException {
        assertEquals("Failed to open file '/no/such/file': No such file or directory",
            assertThrows(VirtException.class, () -> UserFiles.ANY.read("/no/such/file")).getMessage());
        Path bin = tmp.resolve("bin");
        Files.write(bin, new byte[] {'s', 'e', 'c', 'r', 'e', 't', (byte) 0xff, (byte) 0xfe});
        VirtException e = assertThrows(VirtException.class, () -> UserFiles.ANY.read(bin.toString()));
        assertEquals("Failed to read file '" + bin + "': not UTF-8 text", e.getMessage());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> UserFiles.ANY.read("")).code());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> UserFiles.ANY.read("a\0b")).code());
    }

    @Test
    void textIsReadAsUtf8() throws IOException {
        Path f = allowed.resolve("utf8.xml");
        Files.writeString(f, "<domain><description>Grüße</description></domain>", StandardCharsets.UTF_8);
        assertEquals("<domain><description>Grüße</description></domain>", UserFiles.under(allowed).read(f.toString()));
    }
}
