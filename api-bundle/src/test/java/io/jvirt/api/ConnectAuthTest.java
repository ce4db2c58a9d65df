package io.jvirt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ConnectAuthTest {

    @Test
    void aCallbackIsAskedOnlyForTheTypesItOffered() {
        ConnectAuth auth = ConnectAuth.of(creds -> {
            creds.forEach(c -> c.result(c.defaultResult()));
            return true;
        }, CredentialType.AUTHNAME);
        Credential user = new Credential(CredentialType.AUTHNAME, "Enter username for h [root]", "h", "root");
        assertTrue(auth.ask(List.of(user)));
        assertEquals("root", user.result());
        assertThrows(IllegalArgumentException.class,
            () -> auth.ask(List.of(new Credential(CredentialType.PASSPHRASE, "p", "h", null))));
        assertFalse(ConnectAuth.NONE.supports(CredentialType.AUTHNAME));
    }

    @Test
    void secretAnswersAreNeverPrinted() {
        Credential pw = new Credential(CredentialType.PASSPHRASE, "Enter root's password for h", "h", null);
        pw.result("s3cret");
        assertFalse(pw.toString().contains("s3cret"), pw.toString());
        Credential user = new Credential(CredentialType.AUTHNAME, "Enter username for h", "h", null);
        user.result("admin");
        assertTrue(user.toString().contains("admin"));
        assertEquals(5, CredentialType.PASSPHRASE.number());
        assertEquals(2, CredentialType.AUTHNAME.number());
    }
}
