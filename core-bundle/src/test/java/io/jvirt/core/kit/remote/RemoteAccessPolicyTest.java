package io.jvirt.core.kit.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;

/** Which server may get which auth-file credentials, and which may be reached without verified TLS. */
class RemoteAccessPolicyTest {

    private static final AuthFile FILE = AuthFile.parse(Path.of("auth.conf"), """
        [credentials-admin]
        username=root
        password=host-pass

        [credentials-fleet]
        username=root
        password=fleet-pass

        [auth-esx-esx1.example.com]
        credentials=admin

        [auth-esx-default]
        credentials=fleet
        """);

    private static RemoteEndpoint esx(String host, int port) {
        return new RemoteEndpoint("esx", host, port);
    }

    @Test
    void aHostGroupGoesToItsHostAndTheDefaultGroupOnlyToListedHosts() {
        RemoteAccessPolicy strict = RemoteAccessPolicy.STRICT;
        assertEquals("host-pass", strict.fileCredentials(FILE, esx("esx1.example.com", 443)).orElseThrow().password());
        assertTrue(strict.fileCredentials(FILE, esx("attacker.example", 443)).isEmpty(),
            "libvirt would send [auth-esx-default] to any host typed");
        assertTrue(strict.fileCredentials(FILE, esx("default", 443)).isEmpty(), "a host named 'default'");

        RemoteAccessPolicy fleet = RemoteAccessPolicy.of(new String[] {"esx2.example.com, ESX3.example.com", " esx4 "},
            null, null);
        assertEquals("fleet-pass", fleet.fileCredentials(FILE, esx("esx2.example.com", 443)).orElseThrow().password());
        assertEquals("fleet-pass", fleet.fileCredentials(FILE, esx("esx3.example.com", 443)).orElseThrow().password(),
            "host names compare without case");
        assertEquals("fleet-pass", fleet.fileCredentials(FILE, esx("esx4", 443)).orElseThrow().password());
        assertEquals("host-pass", fleet.fileCredentials(FILE, esx("esx1.example.com", 443)).orElseThrow().password(),
            "a host's own group wins");
        assertTrue(fleet.fileCredentials(FILE, esx("esx5.example.com", 443)).isEmpty());
        assertTrue(fleet.fileCredentials(FILE, new RemoteEndpoint("vpx", "esx2.example.com", 443)).isEmpty(),
            "no [auth-vpx-default] in the file");
    }

    @Test
    void insecureTransportOnlyWhereTheAdministratorAllowsIt() {
        RemoteAccessPolicy p = RemoteAccessPolicy.of(null, new String[] {"127.0.0.1:8989", "lab.example"},
            new String[] {"esx1.example.com:443,[::1]:8443"});
        assertTrue(p.allowsPlainHttp(esx("127.0.0.1", 8989)));
        assertFalse(p.allowsPlainHttp(esx("127.0.0.1", 8990)), "another port of the host is another server");
        assertFalse(p.allowsPlainHttp(esx("localhost", 8989)), "names are compared, not resolved");
        assertTrue(p.allowsPlainHttp(esx("lab.example", 80)), "a host without a port: any port");
        assertTrue(p.allowsPlainHttp(esx("LAB.example", 8222)));
        assertFalse(p.allowsUnverifiedTls(esx("127.0.0.1", 8989)), "the two allowances are separate");
        assertTrue(p.allowsUnverifiedTls(esx("esx1.example.com", 443)));
        assertTrue(p.allowsUnverifiedTls(esx("[::1]", 8443)));
        assertFalse(p.allowsUnverifiedTls(esx("::1", 443)));

        p.checkTransport(esx("127.0.0.1", 8989), true, true, ErrorDomain.ESX, "pid");
        p.checkTransport(esx("esx1.example.com", 443), false, true, ErrorDomain.ESX, "pid");
        RemoteAccessPolicy.STRICT.checkTransport(esx("anything", 443), false, false, ErrorDomain.ESX, "pid");

        VirtException http = assertThrows(VirtException.class,
            () -> p.checkTransport(esx("esx1.example.com", 80), true, false, ErrorDomain.ESX, "io.jvirt.driver.esx"));
        assertEquals(ErrorCode.OPERATION_DENIED, http.code());
        assertEquals(ErrorDomain.ESX, http.errorDomain());
        assertEquals("operation forbidden: plain HTTP (transport=http) to 'esx1.example.com:80' is not allowed: the "
            + "administrator lists the servers that may be reached unencrypted in plain.http.hosts of io.jvirt.driver.esx",
            http.getMessage());
        VirtException tls = assertThrows(VirtException.class,
            () -> p.checkTransport(esx("attacker.example", 443), false, true, ErrorDomain.ESX, "io.jvirt.driver.esx"));
        assertEquals(ErrorCode.OPERATION_DENIED, tls.code());
        assertTrue(tls.getMessage().contains("no_verify=1") && tls.getMessage().contains("unverified.tls.hosts"),
            tls.getMessage());
    }

    @Test
    void malformedEntriesAreIgnoredWhichOnlyRefusesMore() {
        RemoteAccessPolicy p = RemoteAccessPolicy.of(new String[] {"h:443", "good"},
            new String[] {"h:0", "h:99999", ":80", "[::1", "h:x", "user@h", "ok:81"}, new String[] {""});
        assertFalse(p.mayUseDefaultCredentials(esx("h", 443)), "a port has no meaning for default credentials");
        assertTrue(p.mayUseDefaultCredentials(esx("good", 1)));
        assertFalse(p.allowsPlainHttp(esx("h", 443)));
        assertFalse(p.allowsPlainHttp(esx("user@h", 80)));
        assertTrue(p.allowsPlainHttp(esx("ok", 81)));
        assertTrue(p.toString().contains("ok:81"), p.toString());
    }
}
