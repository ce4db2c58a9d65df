package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.spi.UserFiles;

/**
 * The {@code pkipath} a URI names is read as root: a read-only connection may name only what its
 * rule for user-named files lets through (the administrator's directory, links resolved).
 */
class TlsPkiPathRuleTest {

    @TempDir
    Path tmp;

    private Path pki(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String f : new String[] {"cacert.pem", "clientcert.pem", "clientkey.pem"}) {
            Files.writeString(dir.resolve(f), "x");
        }
        return dir;
    }

    @Test
    void aReadWriteConnectionNamesAnyDirectory() throws Exception {
        Path dir = pki(tmp.resolve("any"));
        assertEquals(dir.resolve("clientkey.pem"), TlsTransport.files(dir.toString(), UserFiles.ANY).key());
    }

    @Test
    void aReadOnlyConnectionWithoutADirectoryNamesNone() throws Exception {
        Path dir = pki(tmp.resolve("none"));
        VirtException e = assertThrows(VirtException.class, () -> TlsTransport.files(dir.toString(), UserFiles.NONE));
        assertEquals(ErrorCode.OPERATION_DENIED, e.code());
    }

    @Test
    void aReadOnlyConnectionNamesOnlyItsDirectoryAndNoLinkOutOfIt() throws Exception {
        Path allowed = Files.createDirectories(tmp.resolve("allowed"));
        UserFiles rule = UserFiles.under(allowed);
        Path inside = pki(allowed.resolve("pki"));
        assertEquals(inside.resolve("clientcert.pem"), TlsTransport.files(inside.toString(), rule).cert());
        Path outside = pki(tmp.resolve("outside"));
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> TlsTransport.files(outside.toString(), rule)).code());
        // a key that is a link out of the directory is refused although its directory is inside
        Path linked = pki(allowed.resolve("linked"));
        Files.delete(linked.resolve("clientkey.pem"));
        Files.createSymbolicLink(linked.resolve("clientkey.pem"), outside.resolve("clientkey.pem"));
        assertEquals(ErrorCode.OPERATION_DENIED,
            assertThrows(VirtException.class, () -> TlsTransport.files(linked.toString(), rule)).code());
    }
}
