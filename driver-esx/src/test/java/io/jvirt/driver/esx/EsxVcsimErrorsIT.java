package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;

/**
 * The simulator configured to refuse: a wrong password, TLS with a self-signed certificate; and
 * vCenter mode with a vpx:// inventory path.
 */
class EsxVcsimErrorsIT {

    @TempDir
    Path tmp;

    private Connector connector(String user, String password) throws Exception {
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, "[credentials-c]\nusername=" + user + "\npassword=" + password + "\n\n"
            + "[auth-esx-default]\ncredentials=c\n\n[auth-vpx-default]\ncredentials=c\n");
        return EsxVcsimIT.connector(auth);
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-user", "admin", "-pass", "s3cret")) {
            String uri = "esx://admin@127.0.0.1:" + sim.port() + "/?transport=http";
            VirtException e = assertThrows(VirtException.class, () -> connector("admin", "wrong-pw").open(uri));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertTrue(e.getMessage().contains("admin"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
            // and the right one works
            Connection c = connector("admin", "s3cret").open(uri);
            assertFalse(c.listAllDomains().isEmpty());
            c.close();
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndNoVerifySkipsTheCheckForThatConnectionOnly() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-tls")) {
            Connector conn = connector("user", "pass");
            String base = "esx://127.0.0.1:" + sim.port() + "/";
            VirtException e = assertThrows(VirtException.class, () -> conn.open(base));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("no_verify=1"), e.getMessage());
            Connection c = conn.open(base + "?no_verify=1");
            assertEquals(2, c.listAllDomains().size());
            c.close();
            // the relaxed connection changed nothing for the next one
            assertThrows(VirtException.class, () -> conn.open(base));
        }
    }

    @Test
    void vcenterWithAnInventoryPath() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "vpx")) {
            Connector conn = connector("user", "pass");
            String vpx = "vpx://127.0.0.1:" + sim.port() + "/DC0/DC0_C0/DC0_C0_H0?transport=http";
            Connection c = conn.open(vpx);
            List<Domain> doms = c.listAllDomains();
            assertEquals(4, doms.size(), doms.toString());
            Domain d = doms.get(0);
            assertTrue(d.id() > 0, "vCenter ids come from vm-N");
            d.destroy();
            c.close();
            Connection fresh = conn.open(vpx);
            assertEquals(DomainState.SHUTOFF, fresh.lookupByUuid(d.uuid()).state().state());
            fresh.close();

            VirtException wrongDc = assertThrows(VirtException.class,
                () -> conn.open("vpx://127.0.0.1:" + sim.port() + "/NoSuchDC/DC0_C0/DC0_C0_H0?transport=http"));
            assertEquals(ErrorCode.INVALID_ARG, wrongDc.code());
            VirtException esxToVc = assertThrows(VirtException.class,
                () -> conn.open("esx://127.0.0.1:" + sim.port() + "/?transport=http"));
            assertTrue(esxToVc.getMessage().contains("not an ESX host"), esxToVc.getMessage());
        }
    }
}
