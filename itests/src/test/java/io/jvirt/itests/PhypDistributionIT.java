package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
import io.jvirt.driver.phyp.HmcCommands;
import io.jvirt.driver.phyp.HmcStandIn;

/**
 * The PowerVM driver in the running distribution, as a user scripts it with bin/virt, against two
 * of driver-phyp's stand-in HMCs (HmcStandIn from the module's test jar) on loopback ports of this
 * test JVM: one in HMC mode, logged in to with a private key and reached with {@code no_verify=1}
 * (allowed for it in {@code etc/io.jvirt.driver.phyp.cfg}), one in IVM mode, logged in to with the
 * password of a libvirt auth file named by {@code LIBVIRT_AUTH_FILE}, its host key checked against
 * the known_hosts file the configuration names. In each: {@code virt:drivers} lists phyp, then list,
 * dominfo, start, shutdown, start, destroy (the LPAR still exists), define, dumpxml, undefine, each
 * checked against the stand-in's own partitions. The container is ended by its pid, then the
 * stand-ins are closed.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PhypDistributionIT {

    private static final String SYSTEM = "Server-8233-E8B-SN06DE3FR";
    /** Random, so that finding it in any output is a leak, not a coincidence. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static HmcStandIn hmc;
    private static HmcStandIn ivm;
    private static KarafProcess karaf;

    @BeforeClass
    public static void startStandInsAndDistribution() throws Exception {
        hmc = new HmcStandIn(HmcCommands.Mode.HMC, SYSTEM, "not-this-one-" + UUID.randomUUID());
        ivm = new HmcStandIn(HmcCommands.Mode.IVM, SYSTEM, PASSWORD);
        hmc.commands.add("aix-1", 2048, 4096, 2, 4);
        ivm.commands.add("aix-1", 2048, 4096, 2, 4);

        karaf = KarafProcess.unpack("phyp-it");
        Path ssh = karaf.home.resolve("phyp-ssh");
        Files.createDirectories(ssh);
        hmc.writeAuthorizedKey(ssh.resolve("id_rsa"));
        Files.writeString(ssh.resolve("known_hosts"), ivm.knownHostsLine());
        // the administrator's settings: the key, the known hosts, and no_verify=1 allowed for the HMC only
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.phyp.cfg"), """
            ssh.key = %s
            known.hosts = %s
            unverified.tls.hosts = 127.0.0.1:%d
            """.formatted(ssh.resolve("id_rsa"), ssh.resolve("known_hosts"), hmc.port()));
        Path auth = karaf.home.resolve("auth.conf");
        Files.writeString(auth, """
            [credentials-ivm]
            username=%s
            password=%s

            [auth-ssh-127.0.0.1]
            credentials=ivm
            """.formatted(HmcStandIn.USER, PASSWORD));
        karaf.start(Map.of("LIBVIRT_AUTH_FILE", auth.toString()));
        VirtSession first = new VirtSession(karaf, hmcUri());
        AtomicReference<KarafProcess.Result> last = new AtomicReference<>();
        Poll.until("the phyp driver to answer " + hmcUri(), Duration.ofMinutes(2), () -> {
            last.set(first.virt("uri"));
            return last.get().rc() == 0;
        }, () -> last.get().out());
    }

    private static String hmcUri() {
        return "phyp://" + HmcStandIn.USER + "@127.0.0.1:" + hmc.port() + "/" + SYSTEM + "?no_verify=1";
    }

    private static String ivmUri() {
        return "phyp://" + HmcStandIn.USER + "@127.0.0.1:" + ivm.port() + "/" + SYSTEM;
    }

    @AfterClass
    public static void stopEverything() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            if (hmc != null) {
                hmc.close();
            }
            if (ivm != null) {
                ivm.close();
            }
        }
    }

    @Test
    public void a_driversListsPhypFromItsFeature() throws Exception {
        String out = VirtSession.ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("phyp ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-phyp") && row.contains("Active"));
        String features = VirtSession.ok(karaf.client("feature:list -i | grep jvirt-driver-phyp"));
        assertTrue(features, features.contains("jvirt-driver-phyp"));
    }

    @Test
    public void b_anHmcWithAKeyAndNoVerify() throws Exception {
        lifecycleDefineUndefine(hmc, new VirtSession(karaf, hmcUri()));
        assertTrue("logged in with the key: the stand-in's password is unknown to jvirt", hmc.logins.get() > 0);
    }

    @Test
    public void c_anIvmWithTheAuthFilePasswordAndItsKnownHostKey() throws Exception {
        lifecycleDefineUndefine(ivm, new VirtSession(karaf, ivmUri()));
        assertTrue(ivm.commands.log().stream().noneMatch(l -> l.contains(" -m ")));
    }

    @Test
    public void d_anHmcWhoseKeyIsNotKnownIsRefusedWithoutNoVerify() throws Exception {
        String uri = "phyp://" + HmcStandIn.USER + "@127.0.0.1:" + hmc.port() + "/" + SYSTEM;
        KarafProcess.Result r = new VirtSession(karaf, uri).virt("list", "--all");
        assertFalse(r.out(), r.rc() == 0);
        assertTrue(r.out(), r.out().contains("host key verification failed"));
        assertFalse(r.out(), r.out().contains(PASSWORD));
    }

    private static void lifecycleDefineUndefine(HmcStandIn s, VirtSession session) throws Exception {
        HmcCommands.Partition p = s.commands.byName("aix-1");
        assertEquals(List.of("-", "shut off"), session.listAll().get("aix-1"));
        Map<String, String> info = session.dominfo("aix-1");
        assertEquals(info.toString(), "-", info.get("Id"));
        assertEquals("shut off", info.get("State"));
        assertEquals("linux", info.get("OS Type"));
        assertEquals("2", info.get("CPU(s)"));
        assertEquals(4096 * 1024 + " KiB", info.get("Max memory"));
        assertEquals(2048 * 1024 + " KiB", info.get("Used memory"));
        String uuid = info.get("UUID");

        VirtSession.ok(session.virt("start", "aix-1"));
        assertEquals("Running", p.state);
        assertEquals(List.of(String.valueOf(p.id), "running"), session.listAll().get("aix-1"));
        assertEquals(String.valueOf(p.id), session.dominfo("aix-1").get("Id"));

        VirtSession.ok(session.virt("shutdown", "aix-1"));
        session.awaitState("aix-1", "shut off");
        assertEquals("Not Activated", p.state);

        VirtSession.ok(session.virt("start", "aix-1"));
        VirtSession.ok(session.virt("destroy", "aix-1"));
        assertEquals("Not Activated", p.state);
        assertNotNull("destroy keeps the LPAR", s.commands.byName("aix-1"));
        assertEquals(uuid, session.dominfo("aix-1").get("UUID"));

        Path xml = karaf.home.resolve("web-" + s.commands.mode() + ".xml");
        Files.writeString(xml, """
            <domain type='phyp'>
              <name>web-1</name>
              <memory unit='MiB'>1024</memory>
              <currentMemory unit='MiB'>512</currentMemory>
              <vcpu>3</vcpu>
              <os><type>linux</type></os>
            </domain>
            """);
        assertTrue(VirtSession.ok(session.virt("define", xml.toString())).contains("Domain 'web-1' defined from"));
        HmcCommands.Partition web = s.commands.byName("web-1");
        assertNotNull(web);
        assertEquals(512, web.curMem);
        assertEquals(1024, web.maxMem);
        assertEquals(3, web.procs);
        assertEquals(List.of("-", "shut off"), session.listAll().get("web-1"));
        String dump = VirtSession.ok(session.virt("dumpxml", "web-1"));
        assertTrue(dump, dump.startsWith("<domain type='phyp'>") && dump.contains("<name>web-1</name>"));
        assertTrue(dump, dump.contains("<memory unit='KiB'>1048576</memory>"));

        assertTrue(VirtSession.ok(session.virt("undefine", "web-1")).contains("Domain 'web-1' has been undefined"));
        assertNull(s.commands.byName("web-1"));
        assertFalse(session.listAll().containsKey("web-1"));
        assertNotNull("the LPAR the stand-in had is still there", s.commands.byName("aix-1"));
    }
}
