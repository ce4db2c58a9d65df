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
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.bhyve.cfg"), "bhyve.path = " + bhyve.bhyve() + "\n"
            + "bhyveload.path = " + bhyve.bhyveload() + "\n"
            + "bhyvectl.path = " + bhyve.bhyvectl() + "\n"
            + "grub-bhyve.path = " + bhyve.grubBhyve() + "\n");
        karaf.start(Map.of());
        // the driver probes bhyve when it activates: the connection answers once it has
        assertEquals(URI + "\n", karaf.awaitVirt("the bhyve driver to answer " + URI, "-c", URI, "uri").out());
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
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("bhyve ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-bhyve") && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-bhyve"));
        assertTrue(features, features.contains("jvirt-driver-bhyve"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        String log;
        try (KarafProcess.Background events = karaf.virtInBackground("-c", URI, "event", "--all", "--loop", "--timeout", "300")) {
            Path probe = guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Poll.until("the event loop to report the probe domain's definition", Duration.ofMinutes(2), () -> {
                ok(virt("define", probe.toString()));
                return events.output().contains("event 'lifecycle' for domain 'probe': Defined ");
            }, events::output);
            ok(virt("undefine", "probe"));

            assertTrue(ok(virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertNull("defining runs nothing", bhyve.recorded("bhyve", "web"));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));

            ok(virt("start", "web"));
            String id = listAll().get("web").get(0);
            bhyve.awaitRunning("web", Long.parseLong(id));
            assertNotNull("the loader ran", bhyve.recorded("bhyveload", "web"));
            List<String> argv = bhyve.recorded("bhyve", "web");
            assertEquals(bhyve.bhyve().toString(), argv.get(0));
            assertEquals("web", argv.get(argv.size() - 1));
            assertEquals("running (booted)\n", ok(virt("domstate", "--reason", "web")));
            assertEquals(List.of(id, "running"), listAll().get("web"));
            Map<String, String> info = dominfo("web");
            assertEquals(id, info.get("Id"));
            assertEquals("web", info.get("Name"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("hvm", info.get("OS Type"));
            assertEquals("running", info.get("State"));
            assertEquals("1", info.get("CPU(s)"));
            assertEquals("219136 KiB", info.get("Max memory"));
            assertEquals("yes", info.get("Persistent"));

            ok(virt("shutdown", "web"));
            awaitState("web", "shut off");
            assertEquals("shut off (shutdown)\n", ok(virt("domstate", "--reason", "web")));
            assertFalse("bhyvectl --destroy ran", bhyve.vmm("web"));

            ok(virt("start", "web"));
            bhyve.awaitRunning("web", Long.parseLong(listAll().get("web").get(0)));
            ok(virt("destroy", "web"));
            assertEquals("shut off (destroyed)\n", ok(virt("domstate", "--reason", "web")));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));

            ok(virt("start", "web"));
            bhyve.awaitRunning("web", Long.parseLong(listAll().get("web").get(0)));
            bhyve.control("web", "segv"); // the guest "crashes": bhyve dies of SIGSEGV
            awaitState("web", "shut off");
            assertEquals("shut off (crashed)\n", ok(virt("domstate", "--reason", "web")));

            assertTrue(ok(virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(listAll().containsKey("web"));

            String last = "event 'lifecycle' for domain 'web': Undefined Removed";
            Poll.until("the event loop to report web's last event", Duration.ofMinutes(1), () -> events.output().contains(last),
                events::output);
            log = events.stop().out();
        }
        int at = 0;
        for (String expected : new String[] {"Defined Added", "Started Booted", "Stopped Shutdown", "Started Booted",
            "Stopped Destroyed", "Started Booted", "Stopped Crashed", "Undefined Removed"}) {
            int i = log.indexOf("event 'lifecycle' for domain 'web': " + expected, at);
            assertTrue("'" + expected + "' after position " + at + " in:\n" + log, i >= 0);
            at = i + 1;
        }
    }

    /** The seed's restart sequence: one bhyve killed while the driver bundle was stopped, one left running. */
    @Test
    public void c_restartShutsOffTheKilledVmAndTakesBackTheRunningOne() throws Exception {
        ok(virt("define", guestXml("vanish", UUID.randomUUID()).toString()));
        ok(virt("define", guestXml("stay", UUID.randomUUID()).toString()));
        ok(virt("start", "vanish"));
        ok(virt("start", "stay"));
        long vanish = Long.parseLong(listAll().get("vanish").get(0));
        String stay = listAll().get("stay").get(0);
        bhyve.awaitRunning("vanish", vanish);
        bhyve.awaitRunning("stay", Long.parseLong(stay));

        ok(karaf.client("bundle:stop io.jvirt.driver-bhyve"));
        ProcessHandle.of(vanish).ifPresent(ProcessHandle::destroyForcibly);
        Poll.until("the stand-in bhyve of vanish to end", Duration.ofMinutes(1), () -> ProcessHandle.of(vanish).map(h -> !h.isAlive())
            .orElse(true), () -> "pid " + vanish);
        ok(karaf.client("bundle:start io.jvirt.driver-bhyve"));

        awaitState("vanish", "shut off");
        String list = ok(virt("list", "--all"));
        assertTrue(list, list.contains("vanish   shut off"));
        assertEquals(List.of(stay, "running"), listAll().get("stay"));
        ok(virt("destroy", "stay"));
        assertEquals("shut off (destroyed)\n", ok(virt("domstate", "--reason", "stay")));
        Poll.until("the stand-in bhyve of stay to end", Duration.ofMinutes(1),
            () -> ProcessHandle.of(Long.parseLong(stay)).map(h -> !h.isAlive()).orElse(true), () -> "pid " + stay);
        ok(virt("undefine", "vanish"));
        ok(virt("undefine", "stay"));
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
