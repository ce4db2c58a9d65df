package io.jvirt.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import io.jvirt.api.testing.Poll;
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

    @BeforeClass
    public static void startDistribution() throws Exception {
        karaf = KarafProcess.unpack("xen-it");
        Path standIn = Files.createDirectories(karaf.home.resolve("xl-standin"));
        xl = XlStandIn.create(standIn);
        Files.writeString(karaf.home.resolve("etc/io.jvirt.driver.xen.cfg"), "xl.path = " + xl.xl() + "\n");
        karaf.start(Map.of());
        // the driver probes xl (xl info) when it activates: the connection answers once it has
        assertEquals(URI + "\n", karaf.awaitVirt("the Xen driver to answer " + URI, "-c", URI, "uri").out());
    }

    @AfterClass
    public static void stopDistribution() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @Test
    public void a_driversListsXenFromItsFeature() throws Exception {
        String out = ok(karaf.virt("drivers"));
        String row = out.lines().filter(l -> l.trim().startsWith("xen ")).findFirst().orElse(null);
        assertNotNull(out, row);
        assertTrue(row, row.contains("io.jvirt.driver-xen") && row.contains("Active"));
        String features = ok(karaf.client("feature:list -i | grep jvirt-driver-xen"));
        assertTrue(features, features.contains("jvirt-driver-xen"));
    }

    @Test
    public void b_lifecycleThroughTheConsoleWithLibvirtsStatesAndEvents() throws Exception {
        UUID uuid = UUID.randomUUID();
        Path xml = guestXml("web", uuid);
        String log;
        try (KarafProcess.Background events = karaf.virtInBackground("-c", URI, "event", "--all", "--loop", "--timeout", "300")) {
            // the loop is ready once it reports something: a probe domain is (re)defined until it does
            Path probe = guestXml("probe", UUID.nameUUIDFromBytes("probe".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Poll.until("the event loop to report the probe domain's definition", Duration.ofMinutes(2), () -> {
                ok(virt("define", probe.toString()));
                return events.output().contains("event 'lifecycle' for domain 'probe': Defined ");
            }, events::output);
            ok(virt("undefine", "probe"));

            assertTrue(ok(virt("define", xml.toString())).contains("Domain 'web' defined from"));
            assertNull("defining runs nothing in Xen", xl.domain("web"));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));

            ok(virt("start", "web"));
            XlStandIn.Dom x = xl.domain("web");
            assertNotNull("xl create ran", x);
            assertEquals(uuid.toString(), x.uuid);
            assertEquals(65536, x.memKb);
            assertEquals("running (booted)\n", ok(virt("domstate", "--reason", "web")));
            assertEquals(List.of(Integer.toString(x.id), "running"), listAll().get("web"));
            Map<String, String> info = dominfo("web");
            assertEquals(Integer.toString(x.id), info.get("Id"));
            assertEquals("web", info.get("Name"));
            assertEquals(uuid.toString(), info.get("UUID"));
            assertEquals("linux", info.get("OS Type"));
            assertEquals("running", info.get("State"));
            assertEquals("1", info.get("CPU(s)"));
            assertEquals("65536 KiB", info.get("Max memory"));
            assertEquals("65536 KiB", info.get("Used memory"));
            assertEquals("yes", info.get("Persistent"));

            ok(virt("suspend", "web"));
            assertEquals("--p---", xl.domain("web").state);
            assertEquals("paused (user)\n", ok(virt("domstate", "--reason", "web")));
            ok(virt("resume", "web"));
            assertEquals("running (unpaused)\n", ok(virt("domstate", "--reason", "web")));
            assertFalse(xl.domain("web").state.contains("p"));

            ok(virt("shutdown", "web"));
            awaitState("web", "shut off");
            assertEquals("shut off (shutdown)\n", ok(virt("domstate", "--reason", "web")));
            assertNull("the shut-down Xen domain is gone", xl.domain("web"));

            ok(virt("start", "web"));
            assertNotNull(xl.domain("web"));
            ok(virt("destroy", "web"));
            assertEquals("shut off (destroyed)\n", ok(virt("domstate", "--reason", "web")));
            assertNull("xl destroy ran", xl.domain("web"));
            assertEquals(List.of("-", "shut off"), listAll().get("web"));

            assertTrue(ok(virt("undefine", "web")).contains("Domain 'web' has been undefined"));
            assertFalse(listAll().containsKey("web"));
            KarafProcess.Result gone = virt("dominfo", "web");
            assertTrue(gone.out(), gone.rc() != 0);
            assertTrue(gone.out(), gone.out().contains("error: failed to get domain 'web'"));

            String last = "event 'lifecycle' for domain 'web': Undefined Removed";
            Poll.until("the event loop to report web's last event", Duration.ofMinutes(1), () -> events.output().contains(last),
                events::output);
            log = events.stop().out();
        }
        int at = 0;
        for (String expected : new String[] {"Defined Added", "Started Booted", "Suspended Paused", "Resumed Unpaused",
            "Stopped Shutdown", "Started Booted", "Stopped Destroyed", "Undefined Removed"}) {
            int i = log.indexOf("event 'lifecycle' for domain 'web': " + expected, at);
            assertTrue("'" + expected + "' after position " + at + " in:\n" + log, i >= 0);
            at = i + 1;
        }
    }

    /** The seed's restart rule: the Xen domain vanished while the driver bundle was stopped. */
    @Test
    public void c_aDomainThatVanishedWhileTheDriverBundleWasStoppedIsShutOff() throws Exception {
        ok(virt("define", guestXml("vanish", UUID.randomUUID()).toString()));
        ok(virt("start", "vanish"));
        assertEquals("running\n", ok(virt("domstate", "vanish")));
        assertNotNull(xl.domain("vanish"));

        ok(karaf.client("bundle:stop io.jvirt.driver-xen"));
        xl.remove("vanish");
        ok(karaf.client("bundle:start io.jvirt.driver-xen"));

        awaitState("vanish", "shut off");
        // nobody saw how it ended: libvirt's reason for that is "unknown" (virsh's word), as QEMU's reconnect says
        assertEquals("shut off (unknown)\n", ok(virt("domstate", "--reason", "vanish")));
        assertEquals(List.of("-", "shut off"), listAll().get("vanish"));
        String list = ok(virt("list", "--all"));
        assertTrue(list, list.contains("vanish   shut off"));
        ok(virt("undefine", "vanish"));
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
    private static KarafProcess.Result virt(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "-c";
        all[1] = URI;
        System.arraycopy(args, 0, all, 2, args.length);
        return karaf.virt(all);
    }

    /** virt:list --all as name to [id, state]. */
    private static Map<String, List<String>> listAll() throws Exception {
        String out = ok(virt("list", "--all"));
        Map<String, List<String>> rows = new TreeMap<>();
        List<String> lines = out.lines().toList();
        assertTrue(out, lines.size() >= 2 && lines.get(1).startsWith("---"));
        for (String line : lines.subList(2, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+", 3);
            rows.put(t[1], List.of(t[0], t[2].trim()));
        }
        return rows;
    }

    private static Map<String, String> dominfo(String name) throws Exception {
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : ok(virt("dominfo", name)).lines().toList()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return info;
    }

    private static void awaitState(String name, String state) {
        AtomicReference<KarafProcess.Result> last = new AtomicReference<>();
        Poll.until("domain " + name + " to reach '" + state + "'", Duration.ofMinutes(1), () -> {
            last.set(virt("domstate", name));
            return last.get().rc() == 0 && last.get().out().equals(state + "\n");
        }, () -> last.get().out());
    }

    private static String ok(KarafProcess.Result r) {
        assertEquals(r.out(), 0, r.rc());
        return r.out();
    }
}
