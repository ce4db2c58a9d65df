package io.jvirt.driver.vmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.core.kit.vmx.DomainToVmx;

/** The stand-in vmrun itself: its layouts, its strictness and vmrun's words, read by the driver's parsers. */
class VmrunStandInTest {

    private VmwareFixture fx;
    private Path vmx;

    @BeforeEach
    void setUp() throws Exception {
        fx = VmwareFixture.create();
        vmx = fx.vmx("vm");
        Files.writeString(vmx, DomainToVmx.toVmx(fx.xml("vm", UUID.randomUUID()), HostPaths.INSTANCE, 7));
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    private record Run(int status, String out) {
    }

    private Run vmrun(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(fx.standIn.vmrun().toString());
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void listStartAndStopWithVmrunsLayoutAndARealProcess() throws Exception {
        assertEquals(new Run(0, "Total running VMs: 0\n"), vmrun("-T", "ws", "list"));
        assertEquals(0, vmrun("-T", "ws", "start", vmx.toString(), "nogui").status());
        Run list = vmrun("-T", "ws", "list");
        assertEquals("Total running VMs: 1\n" + vmx + "\n", list.out());
        assertEquals(List.of(vmx), List.copyOf(VmwareHost.parseList(list.out())));
        long pid = fx.standIn.pidOf(vmx).orElseThrow();
        assertTrue(ProcessHandle.of(pid).isPresent());
        assertEquals(pid, VmwareLog.pid(vmx).orElseThrow(), "vmware.log's first line names the pid");
        assertEquals(new Run(255, "Error: The virtual machine is already running: " + vmx + "\n"),
            vmrun("-T", "ws", "start", vmx.toString()));
        assertEquals(0, vmrun("-T", "ws", "pause", vmx.toString()).status());
        assertEquals(255, vmrun("-T", "ws", "pause", vmx.toString()).status());
        assertEquals(0, vmrun("-T", "ws", "unpause", vmx.toString()).status());
        assertEquals(new Run(255, "Error: The virtual machine is not paused: " + vmx + "\n"),
            vmrun("-T", "ws", "unpause", vmx.toString()));
        assertEquals(0, vmrun("-T", "ws", "reset", vmx.toString(), "soft").status());
        assertEquals(0, vmrun("-T", "ws", "stop", vmx.toString(), "hard").status());
        assertEquals(new Run(0, "Total running VMs: 0\n"), vmrun("-T", "ws", "list"));
        for (String verb : List.of("stop", "pause", "unpause", "reset")) {
            assertEquals(new Run(255, "Error: The virtual machine is not powered on: " + vmx + "\n"),
                vmrun("-T", "ws", verb, vmx.toString()), verb);
        }
    }

    @Test
    void theProductThePathAndTheCommandAreCheckedStrictly() throws Exception {
        assertEquals(new Run(255, "Error: the stand-in expects -T ws, got -T player\n"), vmrun("-T", "player", "list"));
        assertEquals(255, vmrun("list").status());
        assertEquals(new Run(255, "Error: Unrecognized host type: vbox\n"), vmrun("-T", "vbox", "list"));
        assertEquals(new Run(255, "Error: Unrecognized command: deleteVM\n"), vmrun("-T", "ws", "deleteVM", vmx.toString()));
        for (String bad : List.of("relative.vmx", vmx.getParent().resolve("missing.vmx").toString(),
            vmx.getParent().resolve("disk.vmdk").toString())) {
            assertEquals(new Run(255, "Error: Cannot open VM: " + bad + ", The virtual machine cannot be found\n"),
                vmrun("-T", "ws", "start", bad, "nogui"), bad);
        }
        Path notVmx = vmx.getParent().resolve("other.vmx");
        Files.writeString(notVmx, "displayName = \"x\"\n");
        assertEquals(255, vmrun("-T", "ws", "start", notVmx.toString()).status(), "no config.version 8");
        assertEquals(new Run(255, "Error: Invalid argument: headless\n"), vmrun("-T", "ws", "start", vmx.toString(), "headless"));
        assertEquals(new Run(255, "Error: Invalid argument: gentle\n"), vmrun("-T", "ws", "stop", vmx.toString(), "gentle"));
        fx.standIn.expectProduct("player");
        assertEquals(0, vmrun("-T", "player", "start", vmx.toString(), "nogui").status());
        assertEquals(new Run(255, "Error: The operation is not supported for the specified parameters\n"),
            vmrun("-T", "player", "pause", vmx.toString()));
        assertEquals(0, vmrun("-T", "player", "stop", vmx.toString(), "soft").status());
        assertEquals(List.of(), fx.standIn.running());
    }

    @Test
    void aVmWhoseProcessDiedIsNoLongerListed() throws Exception {
        assertEquals(0, vmrun("-T", "ws", "start", vmx.toString(), "nogui").status());
        fx.standIn.crash(vmx);
        assertEquals(new Run(0, "Total running VMs: 0\n"), vmrun("-T", "ws", "list"));
    }
}
