package io.jvirt.itests;

import static io.jvirt.itests.VirtSession.ok;
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
import java.util.concurrent.TimeUnit;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
import io.jvirt.driver.bhyve.BhyveStandIn;

/**
 * The bhyve driver in the running distribution, as an administrator scripts it with bin/virt,
 * against driver-bhyve's stand-ins (sh scripts; no FreeBSD here), named by {@code bhyve.path},
 * {@code bhyveload.path}, {@code bhyvectl.path} and {@code grub-bhyve.path} in
 * {@code etc/io.jvirt.driver.bhyve.cfg} (written before the first start, as an administrator
 * would). Checked:
 * <ul>
 * <li>{@code virt:drivers} lists bhyve, from the jvirt-driver-bhyve feature the distribution boots;</li>
 * <li>{@code -c bhyve:///system}: define, start, list, dominfo, shutdown (shut off (shutdown)),
 * start, destroy (shut off (destroyed)), start, a guest crash (shut off (crashed)), undefine, with
 * the commands the stand-ins recorded and the lifecycle events a second console session sees;</li>
 * <li>the restart rule: a VM whose bhyve was killed while the driver bundle was stopped is listed
 * shut off once the bundle is back; one left running is still running and can be destroyed.</li>
 * </ul>
 * The container is ended by its pid at the end, and every VM the stand-ins still have is destroyed
 * through the stand-in bhyvectl.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class BhyveDistributionIT {

    private static final String URI = "bhyve:///system";
    private static KarafProcess karaf;
    private static BhyveStandIn bhyve;
    private static VirtSession session;

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("bhyve-it");
        session = new VirtSession(karaf, URI);
        bhyve = BhyveStandIn.create(karaf.home.resolve("bhyve-standin"));
        session.start("io.jvirt.driver.bhyve", "bhyve.path = " + bhyve.bhyve(), "bhyveload.path = " + bhyve.bhyveload(),
            "bhyvectl.path = " + bhyve.bhyvectl(), "grub-bhyve.path = " + bhyve.grubBhyve());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        try {
            if (karaf != null) {
                karaf.close();
            }
        } finally {
            // the VMs run in sessions of their own and outlive the container: end them as the driver would
            Path vmm = bhyve == null ? null : bhyve.dir().resolve("vmm");
            if (vmm != null && Files.isDirectory(vmm)) {
                try (var s = Files.list(vmm)) {
                    for (Path p : s.toList()) {
                        new ProcessBuilder(bhyve.bhyvectl().toString(), "--destroy", "--vm=" + p.getFileName())
                            .start().waitFor(30, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    @Test
    public void a_driversListsBhyveFromItsFeature() throws Exception {
        session.assertDriverListed("bhyve");
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        try (KarafProcess.Background events = session.listeningEventLoop(
            guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8))))) {
            assertTrue(ok(session.virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertNull("defining runs nothing", bhyve.recorded("bhyve", "web"));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));

            ok(session.virt("start", "web"));
            String id = session.listAll().get("web").get(0);
            bhyve.awaitRunning("web", Long.parseLong(id));
            assertNotNull("the loader ran", bhyve.recorded("bhyveload", "web"));
            List<String> argv = bhyve.recorded("bhyve", "web");
            assertEquals(bhyve.bhyve().toString(), argv.get(0));
            assertEquals("web", argv.get(argv.size() - 1));
            assertEquals("running (booted)\n", ok(session.virt("domstate", "--reason", "web")));
            assertEquals(List.of(id, "running"), session.listAll().get("web"));
            Map<String, String> info = session.dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals("web", info.get("Name"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("hvm", info.get("OS Type"));
            assertEquals("running", info.get("State"));
            assertEquals("1", info.get("CPU(s)"));
            assertEquals("219136 KiB", info.get("Max memory"));
            assertEquals("yes", info.get("Persistent"));

            ok(session.virt("shutdown", "web"));
            session.awaitState("web", "shut off");
            assertEquals("shut off (shutdown)\n", ok(session.virt("domstate", "--reason", "web")));
            assertFalse("bhyvectl --destroy ran", bhyve.vmm("web"));

            ok(session.virt("start", "web"));
            bhyve.awaitRunning("web", Long.parseLong(session.listAll().get("web").get(0)));
            ok(session.virt("destroy", "web"));
            assertEquals("shut off (destroyed)\n", ok(session.virt("domstate", "--reason", "web")));
            assertEquals(List.of("-", "shut off"), session.listAll().get("web"));

            ok(session.virt("start", "web"));
            bhyve.awaitRunning("web", Long.parseLong(session.listAll().get("web").get(0)));
            bhyve.control("web", "segv"); // the guest "crashes": bhyve dies of SIGSEGV
            session.awaitState("web", "shut off");
            assertEquals("shut off (crashed)\n", ok(session.virt("domstate", "--reason", "web")));

            assertTrue(ok(session.virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(session.listAll().containsKey("web"));

            VirtSession.assertLifecycleEvents(events, "web", "Defined Added", "Started Booted", "Stopped Shutdown", "Started Booted",
                "Stopped Destroyed", "Started Booted", "Stopped Crashed", "Undefined Removed");
        }
    }

    /** The seed's restart sequence: one bhyve killed while the driver bundle was stopped, one left running. */
    @Test
    public void c_restartShutsOffTheKilledVmAndTakesBackTheRunningOne() throws Exception {
        ok(session.virt("define", guestXml("vanish", UUID.randomUUID()).toString()));
        ok(session.virt("define", guestXml("stay", UUID.randomUUID()).toString()));
        ok(session.virt("start", "vanish"));
        ok(session.virt("start", "stay"));
        long vanish = Long.parseLong(session.listAll().get("vanish").get(0));
        String stay = session.listAll().get("stay").get(0);
        bhyve.awaitRunning("vanish", vanish);
        bhyve.awaitRunning("stay", Long.parseLong(stay));

        ok(karaf.client("bundle:stop io.jvirt.driver-bhyve"));
        ProcessHandle.of(vanish).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until("the stand-in bhyve of vanish to end", Duration.ofMinutes(1), () -> ProcessHandle.of(vanish).map(h -> !h.isAlive())
            .orElse(true), () -> "pid " + vanish);
        ok(karaf.client("bundle:start io.jvirt.driver-bhyve"));

        session.awaitState("vanish", "shut off");
        String list = ok(session.virt("list", "--all"));
        assertTrue(list, list.contains("vanish   shut off"));
        assertEquals(List.of(stay, "running"), session.listAll().get("stay"));
        ok(session.virt("destroy", "stay"));
        assertEquals("shut off (destroyed)\n", ok(session.virt("domstate", "--reason", "stay")));
        Poll.until("the stand-in bhyve of stay to end", Duration.ofMinutes(1),
            () -> ProcessHandle.of(Long.parseLong(stay)).map(h -> !h.isAlive()).orElse(true), () -> "pid " + stay);
        ok(session.virt("undefine", "vanish"));
        ok(session.virt("undefine", "stay"));
    }

    /** A small guest booted by bhyveload from one SATA disk. */
    private static Path guestXml(String name, UUID uuid) throws Exception {
        Path xml = karaf.home.resolve(name + ".xml");
        Files.writeString(xml, """
            <domain type='bhyve'>
              <name>%s</name>
              <uuid>%s</uuid>
              <memory unit='KiB'>219136</memory>
              <vcpu>1</vcpu>
              <os>
                <type>hvm</type>
              </os>
              <devices>
                <disk type='file'>
                  <driver name='file' type='raw'/>
                  <source file='/tmp/%s.img'/>
                  <target dev='hda' bus='sata'/>
                </disk>
              </devices>
            </domain>
            """.formatted(name, uuid, name));
        return xml;
    }
}
