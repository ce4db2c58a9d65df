package io.jvirt.driver.hyperv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.api.testing.HostileHttpServer;
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;
import io.jvirt.core.spi.ConnectRequest;

/**
 * https, the default transport: the certificate is checked unless the URI says no_verify=1 and
 * the administrator allows it for that server. The server (self-signed, on loopback) answers
 * every request 401, so a request that got through the handshake ends as AUTH_FAILED.
 */
class HypervTlsTest {

    @TempDir
    Path tmp;

    private HypervDriver driver(RemoteAccessPolicy policy) throws Exception {
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, "[credentials-x]\nusername=administrator\npassword=pw\n\n[auth-hyperv-127.0.0.1]\ncredentials=x\n");
        return new HypervDriver(HypervSettings.defaults().withPolicy(policy), () -> Map.of(AuthFile.ENV, auth.toString()));
    }

    @Test
    void anUntrustedCertificateIsATlsFailureUnlessNoVerifyIsAllowed() throws Exception {
        try (HostileHttpServer s = HostileHttpServer.https(tmp,
            (r, out) -> HostileHttpServer.respond(out, 401, "text/plain", ""))) {
            String uri = "hyperv://127.0.0.1:" + s.port() + "/";
            VirtException tls = assertThrows(VirtException.class, () -> driver(RemoteAccessPolicy.STRICT)
                .open(new ConnectRequest(URI.create(uri), false)));
            assertEquals(ErrorCode.OPERATION_FAILED, tls.code(), tls.getMessage());
            assertTrue(tls.getMessage().contains("TLS handshake") && tls.getMessage().contains("no_verify=1"), tls.getMessage());
            assertEquals(0, s.requests().size(), "nothing, credentials least of all, went to the untrusted server");

            VirtException denied = assertThrows(VirtException.class, () -> driver(RemoteAccessPolicy.STRICT)
                .open(new ConnectRequest(URI.create(uri + "?no_verify=1"), false)));
            assertEquals(ErrorCode.OPERATION_DENIED, denied.code(), denied.getMessage());

            VirtException auth = assertThrows(VirtException.class, () -> driver(RemoteAccessPolicy.of(null, null,
                new String[] {"127.0.0.1"})).open(new ConnectRequest(URI.create(uri + "?no_verify=1"), false)));
            assertEquals(ErrorCode.AUTH_FAILED, auth.code(), auth.getMessage());
            assertTrue(s.requests().get(0).text().contains("POST /wsman"), s.requests().get(0).text());
        }
    }
}
