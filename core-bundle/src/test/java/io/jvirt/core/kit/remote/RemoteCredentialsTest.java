package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** libvirt's order: the URI's user, then the auth file's entry, then the client's callback. */
class RemoteCredentialsTest {

    private static final RemoteEndpoint H1 = new RemoteEndpoint("esx", "h1", 443);
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

    private static RemoteCredentials resolve(String uriUser, AuthFile.Credentials file, ConnectAuth auth) {
        return RemoteCredentials.resolve(H1, uriUser, "root", Optional.ofNullable(file), auth, ErrorDomain.ESX,
            "somewhere");
    }

    @Test
    void theCallbackIsAskedOnlyForWhatTheUriAndTheFileLack() {
        ConnectAuth auth = answering("cbuser", "cbpass", CredentialType.AUTHNAME, CredentialType.PASSPHRASE);

        RemoteCredentials c = resolve("bob", new AuthFile.Credentials("bob", "filepass"), auth);
        assertEquals("bob", c.user());
        assertEquals("filepass", c.password());
        assertTrue(asked.isEmpty(), "nothing asked when the file has the password");

        c = resolve(null, new AuthFile.Credentials(null, "filepass"), auth);
        assertEquals("cbuser", c.user(), "a file entry without a user: the callback names the user");
        assertEquals("filepass", c.password(), "... and the entry's password is for any user");
        asked.clear();

        c = resolve(null, null, auth);
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
    void theFilesPasswordGoesOnlyWithItsOwnUser() {
        ConnectAuth auth = answering("x", "cbpass", CredentialType.PASSPHRASE);
        RemoteCredentials c = resolve("alice", new AuthFile.Credentials("root", "rootpass"), auth);
        assertEquals("alice", c.user(), "the URI's user wins over the file's");
        assertEquals("cbpass", c.password(), "root's password is not sent as alice's");
        VirtException e = assertThrows(VirtException.class,
            () -> resolve("alice", new AuthFile.Credentials("root", "rootpass"), ConnectAuth.NONE));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertFalse(e.getMessage().contains("rootpass"), e.getMessage());
    }

    @Test
    void aFileWithAUserButNoPasswordLeavesThePasswordToTheCallback() {
        ConnectAuth auth = answering("x", "cbpass", CredentialType.NOECHOPROMPT);
        RemoteCredentials c = resolve(null, new AuthFile.Credentials("bob", null), auth);
        assertEquals("bob", c.user());
        assertEquals("cbpass", c.password());
        assertEquals(CredentialType.NOECHOPROMPT, asked.get(0).type(), "NOECHOPROMPT when PASSPHRASE is not offered");
        assertFalse(c.toString().contains("cbpass"));
    }

    @Test
    void withoutAnyCallbackTheUserIsTheDefaultAndAPasswordMustComeFromTheFile() {
        assertEquals("root", resolve(null, new AuthFile.Credentials(null, "p"), ConnectAuth.NONE).user());
        VirtException e = assertThrows(VirtException.class, () -> resolve(null, null, ConnectAuth.NONE));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertEquals(ErrorDomain.ESX, e.errorDomain());
        assertTrue(e.getMessage().startsWith("authentication failed: Password request failed")
            && e.getMessage().contains("somewhere"), e.getMessage());
        // a driver without a default user (libvirt's PowerVM driver): no user at all is a failure
        VirtException noUser = assertThrows(VirtException.class, () -> RemoteCredentials.resolve(
            new RemoteEndpoint("ssh", "hmc", 22), null, null, Optional.empty(), ConnectAuth.NONE, ErrorDomain.PHYP, "x"));
        assertTrue(noUser.getMessage().contains("Username request failed"), noUser.getMessage());
        ConnectAuth auth = answering("hscroot", "pw", CredentialType.AUTHNAME, CredentialType.PASSPHRASE);
        RemoteCredentials.resolve(new RemoteEndpoint("ssh", "hmc", 22), null, null, Optional.empty(), auth,
            ErrorDomain.PHYP, "x");
        assertEquals("Enter username for hmc", asked.get(0).prompt());
    }

    @Test
    void refusalsAndUnansweredTypesAreAuthFailures() {
        ConnectAuth refusing = ConnectAuth.of(creds -> false, CredentialType.AUTHNAME, CredentialType.PASSPHRASE);
        VirtException e = assertThrows(VirtException.class, () -> resolve(null, null, refusing));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertEquals("Username request failed", e.getMessage().replaceFirst("^.*: ", ""));

        e = assertThrows(VirtException.class, () -> resolve("u", null, refusing));
        assertTrue(e.getMessage().contains("Password request failed"), e.getMessage());

        ConnectAuth userOnly = answering("u", "never", CredentialType.AUTHNAME);
        e = assertThrows(VirtException.class, () -> resolve(null, null, userOnly));
        assertTrue(e.getMessage().contains("neither PASSPHRASE nor NOECHOPROMPT"), e.getMessage());

        ConnectAuth throwing = ConnectAuth.of(creds -> {
            throw new IllegalStateException("console gone; typed so far: s3cret");
        }, CredentialType.PASSPHRASE);
        e = assertThrows(VirtException.class, () -> resolve("u", null, throwing));
        assertEquals(ErrorCode.AUTH_FAILED, e.code());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void endpointsDropIpv6BracketsAndNameThemselves() {
        RemoteEndpoint v6 = new RemoteEndpoint("esx", "[::1]", 8443);
        assertEquals("::1", v6.host());
        assertEquals("[::1]:8443", v6.hostPort());
        assertEquals("h1:443", H1.hostPort());
        assertThrows(IllegalArgumentException.class, () -> new RemoteEndpoint("esx", "h", 0));
    }
}
