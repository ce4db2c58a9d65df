package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.HostCommand;
import io.jvirt.core.kit.local.SessionProcess;

/** The stand-ins behave as the driver expects FreeBSD's programs to: probes, records, exits, destroy. */
class BhyveStandInTest {

    BhyveFixture fx;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        fx = BhyveFixture.create();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        fx.close();
    }

    HostCommand.Result run(String... argv) throws Exception {
        return HostCommand.run(List.of(argv), 30_000, ErrorDomain.BHYVE);
    }

    Process vm(String name) throws Exception {
        Process p = new ProcessBuilder(fx.bhyve.bhyve().toString(), "-c", "1", "-m", "64", name)
            .redirectInput(new File("/dev/null")).redirectErrorStream(true)
            .redirectOutput(fx.tmp.resolve(name + ".out").toFile()).start();
        started.add(p);
        while (fx.bhyve.pid(name) != p.pid()) { // it writes its pid when it runs
            assertTrue(p.isAlive(), "the stand-in bhyve ended at once");
            Thread.sleep(10);
        }
        return p;
    }

    @Test
    void answersLibvirtsProbesAsFreeBsdsBhyve() throws Exception {
        HostCommand.Result help = run(fx.bhyve.bhyve().toString(), "-h");
        assertEquals(0, help.status());
        assertTrue(help.output().contains("-u:"), help.output());
        // every probe of virBhyveProbeCaps answered by a full bhyve: all but XHCI (libvirt's xhci probe sets FBUF)
        assertEquals(EnumSet.complementOf(EnumSet.of(BhyveCapability.XHCI)), BhyveProbe.probe(fx.bhyve.bhyve(), 30_000));
        fx.bhyve.missing("utc", "topology", "ahci", "e1000", "bootrom", "fbuf", "hda", "password");
        assertEquals(EnumSet.of(BhyveCapability.FBUF, BhyveCapability.VIRTIO_9P), BhyveProbe.probe(fx.bhyve.bhyve(), 30_000),
            "as libvirt's: the xhci probe sets FBUF");
        fx.bhyve.missing("utc", "topology", "ahci", "e1000", "bootrom", "fbuf", "xhci", "hda", "password");
        assertEquals(EnumSet.of(BhyveCapability.VIRTIO_9P), BhyveProbe.probe(fx.bhyve.bhyve(), 30_000),
            "libvirt's virtio-9p probe looks for hda's words: never missing");
        HostCommand.Result e1000 = run(fx.bhyve.bhyve().toString(), "-s", "0,e1000");
        assertEquals(1, e1000.status());
        assertEquals("pci slot 0:0: unknown device \"e1000\"", e1000.text());
    }

    @Test
    void loadersRecordTheirArgvAndFailOnDemand() throws Exception {
        HostCommand.Result ok = run(fx.bhyve.bhyveload().toString(), "-m", "214", "-d", "/tmp/a b.img", "vm1");
        assertEquals(0, ok.status(), ok.output());
        assertEquals(List.of(fx.bhyve.bhyveload().toString(), "-m", "214", "-d", "/tmp/a b.img", "vm1"),
            fx.bhyve.recorded("bhyveload", "vm1"));
        assertTrue(fx.bhyve.vmm("vm1"), "a loader makes the vmm instance");
        fx.bhyve.fail("grub-bhyve", "grub: no such disk");
        HostCommand.Result bad = run(fx.bhyve.grubBhyve().toString(), "--root", "hd0,msdos1", "vm2");
        assertEquals(1, bad.status());
        assertTrue(bad.output().contains("grub: no such disk"), bad.output());
        assertEquals(List.of(fx.bhyve.grubBhyve().toString(), "--root", "hd0,msdos1", "vm2"), fx.bhyve.recorded("grub-bhyve", "vm2"));
    }

    @Test
    void bhyveRunsUntilSignalledAndExitsAsBhyve() throws Exception {
        Process a = vm("a");
        assertEquals(List.of(fx.bhyve.bhyve().toString(), "-c", "1", "-m", "64", "a"), fx.bhyve.recorded("bhyve", "a"));
        a.destroy(); // SIGTERM: the guest powers off
        assertEquals(1, a.waitFor());

        Process b = vm("b");
        fx.bhyve.control("b", "exit 3");
        assertEquals(3, b.waitFor());

        Process c = vm("c");
        fx.bhyve.control("c", "segv");
        SessionProcess.Ending segv = new SessionProcess.Ending(c.waitFor());
        assertEquals(11, segv.signal());
        assertTrue(segv.coreDumpingSignal());

        Process d = vm("d");
        fx.bhyve.control("d", "abrt");
        assertEquals(6, new SessionProcess.Ending(d.waitFor()).signal());

        Process e = vm("e");
        fx.bhyve.control("e", "exit 0");
        assertEquals(0, e.waitFor(), "exit 0: the guest rebooted");
    }

    @Test
    void bhyvectlDestroysOnlyWhatItIsAskedTo() throws Exception {
        Process v = vm("v");
        HostCommand.Result other = run(fx.bhyve.bhyvectl().toString(), "--vm=v", "--get-stats");
        assertEquals(1, other.status(), "bhyvectl refuses what the stand-in does not do");
        assertTrue(v.isAlive());
        assertEquals(1, run(fx.bhyve.bhyvectl().toString(), "--destroy").status(), "no --vm: usage");
        assertEquals(0, run(fx.bhyve.bhyvectl().toString(), "--destroy", "--vm=v").status());
        assertNotEquals(0, v.waitFor(), "bhyve ends when its VM is destroyed");
        assertFalse(fx.bhyve.vmm("v"));
        HostCommand.Result again = run(fx.bhyve.bhyvectl().toString(), "--destroy", "--vm=v");
        assertEquals(1, again.status());
        assertTrue(again.text().contains("could not be opened"), again.text());
        assertTrue(Files.exists(fx.bhyve.dir().resolve("calls.log")));
    }
}
