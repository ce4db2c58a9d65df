package io.jvirt.driver.esx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.ConnectAuth;
import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.Credential;
import io.jvirt.api.CredentialType;
import io.jvirt.api.Domain;
import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.AuthFile;
import io.jvirt.core.kit.remote.RemoteAccessPolicy;

/**
 * The simulator configured to refuse: a wrong password, TLS with a self-signed certificate; an
 * authentication callback instead of an auth file; default auth-file groups, sent only where the
 * administrator allowed them; vCenter mode with a vpx:// inventory path; a host that reports
 * itself as a GSX server.
 */
class EsxVcsimErrorsIT {

    @TempDir
    Path tmp;

    /**
     * A connector whose auth file has only default groups, which the administrator allowed for
     * 127.0.0.1 (auth.default.hosts), with plain HTTP and unverified TLS allowed for {@code sim}.
     */
    private Connector connector(Vcsim sim, String user, String password) throws Exception {
        return EsxVcsimIT.connector(defaultGroups(user, password), sim.settings("127.0.0.1"));
    }

    private Path defaultGroups(String user, String password) throws Exception {
        Path auth = tmp.resolve("auth.conf");
        Files.writeString(auth, "[credentials-c]\nusername=" + user + "\npassword=" + password + "\n\n"
            + "[auth-esx-default]\ncredentials=c\n\n[auth-vpx-default]\ncredentials=c\n\n[auth-gsx-default]\ncredentials=c\n");
        return auth;
    }

    @Test
    void defaultGroupsAreSentOnlyToHostsTheAdministratorListed() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-user", "admin", "-pass", "s3cret")) {
            String uri = "esx://127.0.0.1:" + sim.port() + "/?transport=http";
            Connector unlisted = EsxVcsimIT.connector(defaultGroups("admin", "s3cret"), sim.settings());
            VirtException e = assertThrows(VirtException.class, () -> unlisted.open(uri));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertTrue(e.getMessage().contains("Password request failed"), e.getMessage());
            connector(sim, "admin", "s3cret").open(uri).close();
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureThatNeverShowsThePassword() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-user", "admin", "-pass", "s3cret")) {
            String uri = "esx://admin@127.0.0.1:" + sim.port() + "/?transport=http";
            VirtException e = assertThrows(VirtException.class, () -> connector(sim, "admin", "wrong-pw").open(uri));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertTrue(e.getMessage().contains("admin"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
            // and the right one works
            Connection c = connector(sim, "admin", "s3cret").open(uri);
            assertFalse(c.listAllDomains().isEmpty());
            c.close();
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndNoVerifySkipsTheCheckForThatConnectionOnly() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-tls")) {
            Connector conn = connector(sim, "user", "pass");
            String base = "esx://127.0.0.1:" + sim.port() + "/";
            VirtException e = assertThrows(VirtException.class, () -> conn.open(base));
            assertEquals(ErrorCode.OPERATION_FAILED, e.code());
            assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("no_verify=1"), e.getMessage());
            Connection c = conn.open(base + "?no_verify=1");
            assertEquals(2, c.listAllDomains().size());
            c.close();
            // the relaxed connection changed nothing for the next one
            assertThrows(VirtException.class, () -> conn.open(base));

            // no_verify=1 where the administrator did not allow it: refused before anything is sent
            Connector strict = EsxVcsimIT.connector(defaultGroups("user", "pass"), sim.settings("127.0.0.1")
                .withPolicy(RemoteAccessPolicy.of(new String[] {"127.0.0.1"}, null, null)));
            VirtException denied = assertThrows(VirtException.class, () -> strict.open(base + "?no_verify=1"));
            assertEquals(ErrorCode.OPERATION_DENIED, denied.code());
            assertTrue(denied.getMessage().contains("unverified.tls.hosts"), denied.getMessage());
        }
    }

    @Test
    void vcenterWithAnInventoryPath() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "vpx")) {
            Connector conn = connector(sim, "user", "pass");
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

    /** A connector whose driver finds no auth file entry (an empty file is named, so no real one is read). */
    private Connector connectorWithoutAuthFile(Vcsim sim) throws Exception {
        Path empty = tmp.resolve("empty-auth.conf");
        Files.writeString(empty, "");
        return EsxVcsimIT.connector(empty, sim.settings());
    }

    @Test
    void anAuthenticationCallbackAnswersWhatNeitherTheUriNorTheAuthFileGives() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-user", "admin", "-pass", "s3cret")) {
            String uri = "esx://127.0.0.1:" + sim.port() + "/?transport=http";
            Connector connector = connectorWithoutAuthFile(sim);
            List<Credential> asked = new ArrayList<>();
            ConnectAuth auth = ConnectAuth.of(creds -> {
                for (Credential c : creds) {
                    asked.add(c);
                    c.result(c.type() == CredentialType.AUTHNAME ? "admin" : "s3cret");
                }
                return true;
            }, CredentialType.AUTHNAME, CredentialType.PASSPHRASE);

            try (Connection c = connector.openAuth(uri, auth)) {
                assertEquals(2, c.listAllDomains().size());
            }
            assertEquals(List.of(CredentialType.AUTHNAME, CredentialType.PASSPHRASE),
                asked.stream().map(Credential::type).toList());
            assertEquals("Enter admin's password for 127.0.0.1", asked.get(1).prompt());

            // a wrong answer is the server's refusal, without the password
            ConnectAuth wrong = ConnectAuth.of(creds -> {
                creds.forEach(c -> c.result("wrong-pw"));
                return true;
            }, CredentialType.PASSPHRASE);
            VirtException e = assertThrows(VirtException.class,
                () -> connector.openAuth("esx://admin@127.0.0.1:" + sim.port() + "/?transport=http", wrong));
            assertEquals(ErrorCode.AUTH_FAILED, e.code());
            assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());

            // a user who cancels: AUTH_FAILED before anything is sent
            VirtException cancelled = assertThrows(VirtException.class,
                () -> connector.openAuth(uri, ConnectAuth.of(creds -> false, CredentialType.AUTHNAME)));
            assertEquals(ErrorCode.AUTH_FAILED, cancelled.code());
            assertTrue(cancelled.getMessage().contains("Username request failed"), cancelled.getMessage());

            // no callback and no auth file: the error says where a password can come from
            VirtException none = assertThrows(VirtException.class, () -> connector.open(uri));
            assertEquals(ErrorCode.AUTH_FAILED, none.code());
            assertTrue(none.getMessage().contains(AuthFile.ENV), none.getMessage());
        }
    }

    @Test
    void gsxUrisConnectToAGsxServerOnly() throws Exception {
        try (Vcsim sim = Vcsim.start("-mode", "esx", "-product", "gsx")) {
            Connector conn = connector(sim, "user", "pass");
            try (Connection c = conn.open("gsx://127.0.0.1:" + sim.port() + "/?transport=http")) {
                assertEquals(2, c.listAllDomains().size());
                assertTrue(c.nodeInfo().cpus() > 0);
            }
            VirtException e = assertThrows(VirtException.class,
                () -> conn.open("esx://127.0.0.1:" + sim.port() + "/?transport=http"));
            assertTrue(e.getMessage().contains("not an ESX host"), e.getMessage());
        }
        try (Vcsim esx = Vcsim.start("-mode", "esx")) {
            VirtException e = assertThrows(VirtException.class,
                () -> connector(esx, "user", "pass").open("gsx://127.0.0.1:" + esx.port() + "/?transport=http"));
            assertTrue(e.getMessage().contains("not a GSX server"), e.getMessage());
        }
    }
}
