package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/** Remote URIs as libvirt's remote driver reads them (doRemoteOpen, remoteConnectOpen). */
class RemoteUriTest {

    private static RemoteUri parse(String s) {
        return RemoteUri.parse(URI.create(s));
    }

    @Test
    void theFarSideIsAskedForTheUriWithoutTransportHostAndOwnParameters() {
        RemoteUri u = parse("qemu+unix:///system?socket=/tmp/x/libvirt-sock");
        assertEquals("qemu", u.driver());
        assertEquals(RemoteUri.Transport.UNIX, u.transport());
        assertEquals("qemu:///system", u.openName());
        assertEquals(Path.of("/tmp/x/libvirt-sock"), u.unixSocket(false));
        RemoteUri t = parse("test+tcp://user@host.example:1234/default?no_verify=1&mode=legacy&extra=x");
        assertEquals("test:///default?extra=x", t.openName(), "passthrough parameters stay, the driver's own go");
        assertEquals("host.example", t.serverHost());
        assertEquals(1234, t.tcpPort());
        assertEquals("user", t.user());
        assertEquals("test:///default", parse("test+tcp://h/default?name=test:///default").openName());
        assertEquals("xen:///custom", parse("xen+tcp://h/?name=xen:///custom").openName(), "name= is sent as given");
    }

    @Test
    void defaultsAreLibvirts() {
        assertEquals(16509, parse("qemu+tcp://h/system").tcpPort());
        assertEquals("localhost", parse("qemu+tcp:///system").serverHost());
        assertEquals(Path.of("/var/run/libvirt/libvirt-sock"), parse("qemu+unix:///system").unixSocket(false));
        assertEquals(Path.of("/var/run/libvirt/libvirt-sock-ro"), parse("qemu+unix:///system").unixSocket(true));
    }

    @Test
    void schemesWithoutATransportAreNotThisDriversAndUnknownTransportsAreRefused() {
        assertNull(parse("test:///default"));
        assertNull(parse("qemu:///system"));
        VirtException e = assertThrows(VirtException.class, () -> parse("qemu+carrierpigeon:///system"));
        assertEquals(ErrorCode.INVALID_ARG, e.code());
        assertEquals("invalid argument: remote_open: transport in URL not recognised (should be "
            + "tls|unix|ssh|ext|tcp|libssh2|libssh)", e.getMessage());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> parse("qemu+unix://host/system")).code());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> parse("qemu+tcp://h/system?no_verify=yes")).code());
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class, () -> parse("qemu+unix:///system?socket=relative")).code());
    }

    @Test
    void aHostWithoutATransportIsTlsAndTheTlsParametersAreTheDrivers() {
        RemoteUri u = parse("qemu://host.example/system?pkipath=/tmp/pki&no_verify=1&x=y");
        assertEquals(RemoteUri.Transport.TLS, u.transport());
        assertEquals(16514, u.tcpPort());
        assertEquals("/tmp/pki", u.pkiPath());
        assertEquals(false, u.verify());
        assertEquals("qemu:///system?x=y", u.openName());
        assertEquals("NORMAL:-VERS-TLS1.2", parse("qemu://h/system?tls_priority=NORMAL:-VERS-TLS1.2").tlsPriority());
        RemoteUri t = parse("test+tls:///default?no_verify=0");
        assertEquals("localhost", t.serverHost());
        assertEquals(true, t.verify());
        assertNull(t.pkiPath());
    }
}
