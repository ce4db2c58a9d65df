package io.jvirt.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * A password typed into a URI ({@code esx://root:secret@host/}) is never shown: not by
 * {@code Connection.uri()} (what {@code virt:uri} prints), not in an error message, and drivers
 * never see it, so none can log it. Every driver inherits this from the core.
 */
class UriPasswordTest {

    private static final String PW = "s3cret-Pw";
    private final ConnectorImpl connector = new ConnectorImpl();

    @AfterEach
    void stop() {
        connector.shutdown();
    }

    private static void noPassword(String shown) {
        assertFalse(shown.contains(PW), shown);
        assertFalse(shown.contains("s3cret"), shown);
    }

    private static VirtException fails(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        VirtException e = assertThrows(VirtException.class, call);
        assertEquals(code, e.code(), e.getMessage());
        noPassword(e.getMessage());
        return e;
    }

    @Test
    void theUriShownAndTheUriTheDriverGetsHaveNoPassword() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));

        Connection c = connector.open("fake://root:" + PW + "@host.example:443/path?transport=https");
        assertEquals("fake://root@host.example:443/path?transport=https", c.uri());
        assertEquals("fake://root@host.example:443/path?transport=https", d.requests.get(0).uri().toString());
        assertEquals("root", d.requests.get(0).uri().getUserInfo());

        assertEquals("fake://host/", connector.open("fake://:" + PW + "@host/").uri(), "a password without a user");
        assertEquals("fake://root@host/", connector.open("fake://root:@host/").uri());
        assertEquals("fake://root@host/", connector.open("fake://root:s3cret%40Pw@host/").uri(), "percent-encoded");
        assertEquals("fake://root@[::1]:8443/", connector.open("fake://root:" + PW + "@[::1]:8443/").uri());
        // what has no password stays as typed
        assertEquals("fake://root@host/a@b?x=y:z", connector.open("fake://root@host/a@b?x=y:z").uri());
        assertEquals("fake:///var/x:y@z", connector.open("fake:///var/x:y@z").uri());
    }

    @Test
    void aDriverThatReportsAPasswordInItsUriIsCorrected() {
        FakeDriver[] leaky = new FakeDriver[1];
        leaky[0] = new FakeDriver("leaky", r -> leaky[0].new Conn("fake://root:" + PW + "@host/"));
        connector.addDriver(leaky[0], leaky[0].info("fake"));
        assertEquals("fake://root@host/", connector.open("fake://host/").uri());
    }

    @Test
    void errorsNeverQuoteThePassword() {
        fails(ErrorCode.NO_CONNECT, () -> connector.open("nodriver://root:" + PW + "@host/"));
        // not a URI at all (a space): the message still leaves the password out
        fails(ErrorCode.INVALID_ARG, () -> connector.open("fake://root:s3cret Pw@host/"));
        fails(ErrorCode.INVALID_ARG, () -> connector.open("fake://root:s3cret/Pw@ho st/"));

        FakeDriver broken = new FakeDriver("broken", r -> {
            throw new IllegalStateException("bug");
        });
        connector.addDriver(broken, broken.info("broken"));
        fails(ErrorCode.INTERNAL_ERROR, () -> connector.open("broken://root:" + PW + "@host/"));

        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));
        Connection c = connector.open("fake://root:" + PW + "@host/");
        connector.removeDriver(d);
        VirtException gone = fails(ErrorCode.NO_CONNECT, c::uri);
        assertEquals("no connection driver available for fake://root@host/ (the 'd' driver was removed)",
            gone.getMessage());
    }

    @Test
    void anAliasWithAPasswordIsShownWithout() {
        FakeDriver d = FakeDriver.accepting("d");
        connector.addDriver(d, d.info("fake"));
        connector.configure(null, new String[] {"lab=fake://admin:" + PW + "@lab.example/"});
        assertEquals("fake://admin@lab.example/", connector.open("lab").uri());
    }
}
