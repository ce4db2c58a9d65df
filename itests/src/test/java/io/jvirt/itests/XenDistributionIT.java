package io.jvirt.itests;

import static io.jvirt.itests.VirtSession.ok;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.driver.xen.XlStandIn;

/**
 * The Xen driver in the running distribution, as an administrator scripts it with bin/virt, against
 * driver-xen's stand-in {@code xl} (no Xen hypervisor runs here): the stand-in's launcher is named
 * by {@code xl.path} in {@code etc/io.jvirt.driver.xen.cfg} (written before the first start, as an
 * administrator would), its state file is what Xen "has". Checked:
 * <ul>
 * <li>{@code virt:drivers} lists xen, from the jvirt-driver-xen feature the distribution boots;</li>
 * <li>{@code -c xen:///system}: define, start, list, dominfo, suspend, resume, shutdown, start,
 * destroy, undefine, each with libvirt's state and reason, checked against what the stand-in has,
 * and the lifecycle events a second console session sees;</li>
 * <li>the restart rule: a persistent domain whose Xen domain vanished while the driver bundle was
 * stopped is listed shut off once the bundle is back.</li>
 * </ul>
 * The container is ended by its pid at the end; the stand-in's domains are lines in a file under
 * target/.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class XenDistributionIT {

    private static final String URI = "xen:///system";
    private static KarafProcess karaf;
    private static XlStandIn xl;
    private static VirtSession session;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("xen-it");
        session = new VirtSession(karaf, URI);
        Path standIn = Files.createDirectories(karaf.home.resolve("xl-standin"));
        xl = XlStandIn.create(standIn);
        session.start("io.jvirt.driver.xen", "xl.path = " + xl.xl());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_driversListsXenFromItsFeature() throws Exception {
        session.assertDriverListed("xen");
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        try (KarafProcess.Background events = session.listeningEventLoop(
            guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8))))) {
            assertTrue(ok(session.virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertNull("defining runs nothing in Xen", xl.domain("web"));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));

            ok(session.virt("start", "web"));
            XlStandIn.Dom x = xl.domain("web");
            assertNotNull("xl create ran", x);
            assertEquals(uuid.toString(), x.uuid);
            assertEquals(65536, x.memKb);
            assertEquals("running (booted)\n", ok(session.virt("domstate", "--reason", "web")));
            assertEquals(List.of(Integer.toString(x.id), "running"), session.listAll().get("web"));
            Map<String, String> info = session.dominfo("web");
            assertEquals(Integer.toString(x.id), info.get("Id"));
            assertEquals("web", info.get("Name"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("xen", info.get("OS Type")); // libxlDomainGetOSType: the PV guest's os type, xen
            assertEquals("running", info.get("State"));
            assertEquals("1", info.get("CPU(s)"));
            assertEquals("65536 KiB", info.get("Max memory"));
            assertEquals("65536 KiB", info.get("Used memory"));
            assertEquals("yes", info.get("Persistent"));

            ok(session.virt("suspend", "web"));
            assertEquals("--p---", xl.domain("web").state);
            assertEquals("paused (user)\n", ok(session.virt("domstate", "--reason", "web")));
            ok(session.virt("resume", "web"));
            assertEquals("running (unpaused)\n", ok(session.virt("domstate", "--reason", "web")));
            assertFalse(xl.domain("web").state.contains("p"));

            ok(session.virt("shutdown", "web"));
            session.awaitState("web", "shut off");
            assertEquals("shut off (shutdown)\n", ok(session.virt("domstate", "--reason", "web")));
            assertNull("the shut-down Xen domain is gone", xl.domain("web"));

            ok(session.virt("start", "web"));
            assertNotNull(xl.domain("web"));
            ok(session.virt("destroy", "web"));
            assertEquals("shut off (destroyed)\n", ok(session.virt("domstate", "--reason", "web")));
            assertNull("xl destroy ran", xl.domain("web"));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));

            assertTrue(ok(session.virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(session.listAll().containsKey("web"));
            KarafProcess.Result gone = session.virt("dominfo", "web");
            assertTrue(gone.out(), gone.rc() != 0);
            assertTrue(gone.out(), gone.out().contains("error: failed to get domain 'web'"));

            VirtSession.assertLifecycleEvents(events, "web", "Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
                "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Undefined Removed");
        }
    }

    /** The seed's restart rule: the Xen domain vanished while the driver bundle was stopped. */
    @Test
    public void c_aDomainThatVanishedWhileTheDriverBundleWasStoppedIsShutOff() throws Exception {
        ok(session.virt("define", guestXml("vanish", UUID.randomUUID()).toString()));
        ok(session.virt("start", "vanish"));
        assertEquals("running\n", ok(session.virt("domstate", "vanish")));
        assertNotNull(xl.domain("vanish"));

        ok(karaf.client("bundle:stop io.jvirt.driver-xen"));
        xl.remove("vanish");
        ok(karaf.client("bundle:start io.jvirt.driver-xen"));

        session.awaitState("vanish", "shut off");
        // nobody saw how it ended: libvirt's reason for that is "unknown" (virsh's word), as QEMU's reconnect says
        assertEquals("shut off (unknown)\n", ok(session.virt("domstate", "--reason", "vanish")));
        assertEquals(List.of("-", "shut off"), session.listAll().get("vanish"));
        String list = ok(session.virt("list", "--all"));
        assertTrue(list, list.contains("vanish   shut off"));
        ok(session.virt("undefine", "vanish"));
    }

    /** The smallest PV guest the stand-in runs. */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='xen'>
              <name>%s</name>
              <uuid>%s</uuid>
              <memory unit='KiB'>65536</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='xenpv'>linux</type>
                <kernel>/boot/vmlinuz-xen</kernel>
              </os>
            </domain>
            """.formatted(name, uuid));
        return xml;
    }

    /** bin/virt -c xen:///system ARGS. */
}
