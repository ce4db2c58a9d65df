package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
import io.jvirt.driver.vz.VzStandIn;

/**
 * The Virtuozzo driver in the running distribution, as an administrator scripts it with bin/virt,
 * against driver-vz's stand-in prlctl and prlsrvctl (sh scripts over a state directory; Virtuozzo
 * is not in Debian), named by {@code prlctl.path} and {@code prlsrvctl.path} in
 * {@code etc/io.jvirt.driver.vz.cfg} (written before the first start, as an administrator would).
 * Checked, issue 26's "done when":
 * <ul>
 * <li>{@code virt:drivers} lists vz, from the jvirt-driver-vz feature the distribution boots;</li>
 * <li>{@code -c vz:///system}: define from XML with a disk and a NIC, dumpxml, start, list,
 * dominfo, suspend, resume, shutdown, start, destroy, start, managedsave, undefine (the disk image
 * is still there), with libvirt's states and the lifecycle events a second console session sees;</li>
 * <li>a definition prlctl cannot be told is refused before anything is created, and one that fails
 * half-way is deleted again.</li>
 * </ul>
 * The stand-ins run no process of their own: nothing outlives the container, which is ended by its pid.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class VzDistributionIT {

    private static final String URI = "vz:///system";
    private static KarafProcess karaf;
    private static VzStandIn vz;
    private static VirtSession session;
    private static Path disk;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("vz-it");
        session = new VirtSession(karaf, URI);
        vz = VzStandIn.create(karaf.home.resolve("vz-standin"));
        disk = Files.writeString(karaf.home.resolve("web disk.hdd"), "a disk image");
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.vz.cfg"), "prlctl.path = " + vz.prlctl() + "\n"
            + "prlsrvctl.path = " + vz.prlsrvctl() + "\n" + "event.poll.ms = 200\n");
        karaf.start(Map.of());
        assertEquals(URI + "\n", karaf.awaitVirt("the vz driver to answer " + URI, "-c", URI, "uri").out());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_driversListsVzFromItsFeature() throws Exception {
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("vz ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-vz") && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-vz"));
        assertTrue(features, features.contains("jvirt-driver-vz"));
        assertTrue(ok(virt("version")).contains("Running hypervisor: vz 7.0.0"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        String log;
        try (KarafProcess.Background events = karaf.virtInBackground("-c", URI, "event", "--all", "--loop", "--timeout", "300")) {
            Path probe = guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Poll.until("the event loop to report the probe domain's definition", Duration.ofMinutes(2), () -> {
                if (!listAll().containsKey("probe")) {
                    ok(virt("define", probe.toString()));
                }
                return events.output().contains("event 'lifecycle' for domain 'probe': Defined ");
            }, events::output);
            ok(virt("undefine", "probe"));

            assertTrue(ok(virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));
            String dump = ok(virt("dumpxml", "web"));
            assertTrue(dump, dump.startsWith("<domain type='vz'>"));
            assertTrue(dump, dump.contains("<source file='" + disk + "'/>"));
            assertTrue(dump, dump.contains("<mac address='00:1c:42:ab:cd:01'/>"));
            assertTrue(dump, dump.contains("<source network='Bridged'/>"));

            ok(virt("start", "web"));
            String id = listAll().get("web").get(0);
            assertNotEquals("-", id);
            assertEquals(List.of(id, "running"), listAll().get("web"));
            assertTrue(vz.calls().contains("start " + uuid));
            Map<String, String> info = dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("running", info.get("State"));
            assertEquals("2", info.get("CPU(s)"));
            assertEquals("262144 KiB", info.get("Used memory"));

            ok(virt("suspend", "web"));
            assertEquals("paused\n", ok(virt("domstate", "web")));
            ok(virt("resume", "web"));
            assertEquals("running\n", ok(virt("domstate", "web")));
            ok(virt("shutdown", "web"));
            awaitState("web", "shut off");
            ok(virt("start", "web"));
            ok(virt("destroy", "web"));
            assertEquals("shut off\n", ok(virt("domstate", "web")));
            ok(virt("start", "web"));
            assertTrue(ok(virt("managedsave", "web")).contains("Domain 'web' state saved by libvirt"));
            assertEquals("shut off\n", ok(virt("domstate", "web")));

            // libvirt's vzDomainUndefineFlags: a suspended environment only with its managed save
            KarafProcess.Result refused = virt("undefine", "web");
            assertNotEquals(refused.out(), 0, refused.rc());
            assertTrue(refused.out(), refused.out().contains("Refusing to undefine while domain managed save image exists"));
            assertTrue(ok(virt("undefine", "--managed-save", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(listAll().containsKey("web"));
            assertTrue("the disk image is still there", Files.exists(disk));

            String last = "event 'lifecycle' for domain 'web': Undefined Removed";
            Poll.until("the event loop to report web's last event", Duration.ofMinutes(1), () -> events.output().contains(last),
                events::output);
            log = events.stop().out();
        }
        int at = 0;
        for (String expected : new String[] {"Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
            "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Started Booted", "Stopped Saved", "Undefined Removed"}) {
            int i = log.indexOf("event 'lifecycle' for domain 'web': " + expected, at);
            assertTrue("'" + expected + "' after position " + at + " in:\n" + log, i >= 0);
            at = i + 1;
        }
    }

    @Test
    public void c_badDefinitionsLeaveNothingRegistered() throws Exception {
        Path serial = karaf.home.resolve("serial.xml");
        Files.writeString(serial, Files.readString(guestXml("bad", UUID.randomUUID()))
            .replace("</devices>", "<serial type='pty'/></devices>"));
        KarafProcess.Result r = virt("define", serial.toString());
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("unsupported configuration: the vz driver cannot define <serial>"));
        assertFalse(vz.calls().stream().anyMatch(l -> l.startsWith("create bad")));

        vz.failNext("set");
        r = virt("define", guestXml("half", UUID.randomUUID()).toString());
        assertNotEquals(r.out(), 0, r.rc());
        assertTrue(r.out(), r.out().contains("The test made 'set' fail"));
        assertFalse(listAll().containsKey("half"));
        assertEquals(List.of(), vz.registered());
        assertTrue(Files.exists(disk));
    }

    /** A virtual machine with a SATA disk and a NIC on the Bridged network. */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='vz'>
              <name>%s</name>
              <uuid>%s</uuid>
              <memory unit='KiB'>262144</memory>
              <vcpu>2</vcpu>
              <os>
                <type>hvm</type>
              </os>
              <devices>
                <disk type='file' device='disk'>
                  <source file='%s'/>
                  <target dev='sda' bus='sata'/>
                </disk>
                <interface type='network'>
                  <mac address='00:1c:42:ab:cd:01'/>
                  <source network='Bridged'/>
                </interface>
              </devices>
            </domain>
            """.formatted(name, uuid, disk));
        return xml;
    }

    private static KarafProcess.Result virt(String... args) throws Exception {
        return session.virt(args);
    }

    private static Map<String, List<String>> listAll() throws Exception {
        return session.listAll();
    }

    private static Map<String, String> dominfo(String name) throws Exception {
        return session.dominfo(name);
    }

    private static void awaitState(String name, String state) {
        session.awaitState(name, state);
    }

    private static String ok(KarafProcess.Result r) {
        return VirtSession.ok(r);
    }
}
