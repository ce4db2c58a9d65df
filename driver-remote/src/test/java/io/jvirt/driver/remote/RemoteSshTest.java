package io.jvirt.driver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.runtime.StandaloneConnector;

/**
 * {@code test+ssh://} to a real OpenSSH server on a loopback port (a key the test makes), whose
 * session runs libvirt's netcat command to a private libvirtd's socket.
 */
class RemoteSshTest {

    @Test
    void drivesLibvirtdThroughOpenSsh() throws Exception {
        try (PrivateLibvirtd libvirtd = PrivateLibvirtd.start(); PrivateSshd sshd = PrivateSshd.start()) {
            Connector connector = StandaloneConnector.create(null,
                new RemoteDriver(RemoteSettings.defaults().withSsh(sshd.knownHosts(), sshd.clientKey())));
            String uri = "test+ssh://root@127.0.0.1:" + sshd.port() + "/default?socket=" + libvirtd.socket();
            try (Connection c = connector.open(uri)) {
                assertTrue(c.isEncrypted(), "ssh is encrypted");
                assertTrue(c.listAllDomains().stream().anyMatch(d -> d.name().equals("test")));
                UUID uuid = UUID.randomUUID();
                Domain d = c.defineXml(RemoteLibvirtdTest.xml("overssh", uuid));
                d.create();
                assertEquals(DomainState.RUNNING, d.state().state());
                d.destroy();
                d.undefine();
                assertEquals(ErrorCode.NO_DOMAIN, assertThrows(VirtException.class, () -> c.lookupByUuid(uuid)).code());
            } catch (RuntimeException e) {
                throw new AssertionError(e + "\nsshd said:\n" + sshd.log(), e);
            }
        }
    }

    @Test
    void aServerWhoseKeyIsNotKnownIsRefused() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start()) {
            java.nio.file.Path empty = Files.createTempFile("jvirt-known-hosts", "");
            try {
                Connector connector = StandaloneConnector.create(null,
                    new RemoteDriver(RemoteSettings.defaults().withSsh(empty, sshd.clientKey())));
                VirtException e = assertThrows(VirtException.class,
                    () -> connector.open("test+ssh://root@127.0.0.1:" + sshd.port() + "/default?socket=/nonexistent"));
                assertEquals(ErrorCode.SSH, e.code(), e.getMessage());
            } finally {
                Files.deleteIfExists(empty);
            }
        }
    }

    @Test
    void theHelperCommandIsLibvirts() {
        RemoteUri withSocket = RemoteUri.parse(URI.create("qemu+ssh://h/system?socket=/run/x/libvirt-sock"));
        assertEquals("sh -c 'if 'nc' -q 2>&1 | grep \"requires an argument\" >/dev/null 2>&1; then ARG=-q0;else ARG=;fi;"
            + "'nc' $ARG -U /run/x/libvirt-sock'", SshTransport.helperCommand(withSocket, false));
        RemoteUri plain = RemoteUri.parse(URI.create("qemu+ssh://h/system"));
        assertTrue(SshTransport.helperCommand(plain, true).startsWith(
            "sh -c 'which virt-ssh-helper 1>/dev/null 2>&1; if test $? = 0; then     virt-ssh-helper -r \"qemu:///system\"; else"),
            SshTransport.helperCommand(plain, true));
        assertTrue(SshTransport.helperCommand(plain, true).endsWith("-U /var/run/libvirt/libvirt-sock-ro; fi'"));
        assertEquals(ErrorCode.INVALID_ARG, assertThrows(VirtException.class,
            () -> SshTransport.helperCommand(RemoteUri.parse(URI.create("qemu+ssh://h/system?socket=/tmp/a'b")), false)).code());
    }
}
