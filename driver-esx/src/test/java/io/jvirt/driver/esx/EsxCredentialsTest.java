package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** libvirt's order: the URI's user, then the auth file, then the caller's callback. */
class EsxCredentialsTest {

    private final List<Credential> asked = new ArrayList<>();

    private ConnectAuth answering(String user, String password, CredentialType... types) {
        return ConnectAuth.of(creds -> {
            for (Credential c : creds) {
                asked.add(c);
                c.result(c.type() == CredentialType.AUTHNAME ? user : password);
            }
            return true;
        }, types);
    }

    private static EsxUri uri(String s) {
        return EsxUri.parse(URI.create(s));
    }

    private static EsxCredentials resolve(String uri, AuthFile.Credentials file, ConnectAuth auth) {
        return EsxCredentials.resolve(uri(uri), Optional.ofNullable(file), auth, "somewhere");
    }

    @Test
    void theCallbackIsAskedOnlyForWhatTheUriAndTheFileLack() {
        ConnectAuth auth = answering("cbuser", "cbpass", CredentialType.AUTHNAME, CredentialType.PASSPHRASE);

        EsxCredentials c = resolve("esx://alice@h1/", new AuthFile.Credentials("bob", "filepass"), auth);
        assertEquals("alice", c.user(), "the URI's user wins over the file's");
        assertEquals("filepass", c.password());
        assertTrue(asked.isEmpty(), "nothing asked when the file has the password");

        c = resolve("esx://h1/", null, auth);
        assertEquals("cbuser", c.user());
        assertEquals("cbpass", c.password());
        assertEquals(2, asked.size());
        Credential user = asked.get(0);
        assertEquals(CredentialType.AUTHNAME, user.type());
        assertEquals("Enter username for h1 [root]", user.prompt());
        assertEquals("h1", user.challenge());
        assertEquals("root", user.defaultResult());
        Credential pw = asked.get(1);
        assertEquals(CredentialType.PASSPHRASE, pw.type());
        assertEquals("Enter cbuser's password for h1", pw.prompt());
        assertNull(pw.defaultResult());
        assertFalse(pw.toString().contains("cbpass"));
    }

    @Test
    void aFileWithAUserButNoPasswordLeavesThePasswordToTheCallback() {
        ConnectAuth auth = answering("x", "cbpass", CredentialType.NOECHOPROMPT);
        EsxCredentials c = resolve("esx://h1/", new AuthFile.Credentials("bob", null), auth);
        assertEquals("bob", c.user());
        assertEquals("cbpass", c.password());
        assertEquals(CredentialType.NOECHOPROMPT, asked.get(0).type(), "NOECHOPROMPT when PASSPHRASE is not offered");
        assertFalse(c.toString().contains("cbpass"));
    }

    @Test
    void withoutAnyCallbackTheUserIsRootAndAPasswordMustComeFromTheFile() {
        assertEquals("root", resolve("esx://h1/", new AuthFile.Credentials(null, "p"), ConnectAuth.NONE).user());
        VirtException e = assertThrows(VirtException.class, () -> resolve("esx://h1/", null, ConnectAuth.NONE));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("authentication failed: Password request failed") && e.getMessage().contains("somewhere"),
            e.getMessage());
    }

    @Test
    void refusalsAndUnansweredTypesAreAuthFailures() {
        ConnectAuth refusing = ConnectAuth.of(creds -> false, CredentialType.AUTHNAME, CredentialType.PASSPHRASE);
        VirtException e = assertThrows(VirtException.class, () -> resolve("esx://h1/", null, refusing));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertEquals("Username request failed", e.getMessage().replaceFirst("^.*: ", ""));

        e = assertThrows(VirtException.class, () -> resolve("esx://u@h1/", null, refusing));
        assertTrue(e.getMessage().contains("Password request failed"), e.getMessage());

        ConnectAuth userOnly = answering("u", "never", CredentialType.AUTHNAME);
        e = assertThrows(VirtException.class, () -> resolve("esx://h1/", null, userOnly));
        assertTrue(e.getMessage().contains("neither PASSPHRASE nor NOECHOPROMPT"), e.getMessage());

        ConnectAuth throwing = ConnectAuth.of(creds -> {
            throw new IllegalStateException("console gone; typed so far: s3cret");
        }, CredentialType.PASSPHRASE);
        e = assertThrows(VirtException.class, () -> resolve("esx://u@h1/", null, throwing));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
