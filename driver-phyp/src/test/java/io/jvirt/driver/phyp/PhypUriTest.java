package io.jvirt.driver.phyp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** phyp://[user@]host[:port]/MANAGED_SYSTEM[?no_verify=1] as libvirt read it, plus the port. */
class PhypUriTest {

    private static PhypUri parse(String uri) {
        return PhypUri.parse(URI.create(uri));
    }

    @Test
    void theFirstPathComponentIsTheManagedSystemAndPort22TheDefault() {
        PhypUri u = parse("phyp://hscroot@hmc1/Server-1/ignored");
        assertEquals("hmc1", u.host());
        assertEquals(22, u.port());
        assertEquals("hscroot", u.user());
        assertEquals("Server-1", u.managedSystem());
        assertEquals(false, u.noVerify());
        assertEquals("ssh", u.endpoint().service());

        u = parse("phyp://hmc1:2222/S?no_verify=1");
        assertEquals(2222, u.port());
        assertNull(u.user());
        assertTrue(u.noVerify());
        assertNull(parse("phyp://ivm1/").managedSystem(), "an IVM needs none");
        assertEquals("hscroot", parse("phyp://hscroot:typed-password@hmc1/S").user(),
            "a password typed into the URI is never kept");
        assertNull(parse("esx://h/"));
    }

    @Test
    void whatTheHmcWouldMisreadIsRefused() {
        for (String bad : new String[] {"phyp:///S", "phyp://h/S?no_verify=yes", "phyp://h/S;reboot",
            "phyp://h/-m", "phyp://h/a%20b", "phyp://h/a%27b"}) {
            VirtException e = assertThrows(VirtException.class, () -> parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARG, e.code(), bad + ": " + e.getMessage());
        }
    }
}
