package io.jvirt.driver.vbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jvirt.api.ErrorDomain;
import io.jvirt.core.kit.HostCommand;

/**
 * The stand-in VBoxManage keeps VBoxManage 7.0's layouts, statuses, words and state rules, and the
 * driver's parsers read them (so a change of one is seen against the other).
 */
class VBoxStandInTest {

    private Path dir;
    private VBoxStandIn s;

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("jvirt-vbox-standin");
        s = VBoxStandIn.create(dir.resolve("bin"));
    }

    @AfterEach
    void tearDown() throws Exception {
        s.close();
        Files.deleteIfExists(dir);
    }

    private HostCommand.Result run(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(s.vboxManage().toString()));
        argv.addAll(List.of(args));
        return HostCommand.run(argv, 30_000, ErrorDomain.VBOX);
    }

    private String ok(String... args) throws Exception {
        HostCommand.Result r = run(args);
        assertEquals(0, r.status(), r.output());
        return r.output();
    }

    private void fails(int status, String firstError, String... args) throws Exception {
        HostCommand.Result r = run(args);
        assertEquals(status, r.status(), r.output());
        assertTrue(r.output().startsWith("VBoxManage: error: " + firstError), r.output());
    }

    @Test
    void listingsAndMachineReadableSettingsHaveVBoxManagesLayout() throws Exception {
        UUID u = UUID.randomUUID();
        String created = ok("createvm", "--name", "a \"quoted\" \\ name", "--uuid", u.toString(), "--register");
        assertTrue(created.startsWith("Virtual machine 'a \"quoted\" \\ name' is created and registered.\nUUID: " + u + "\n"), created);
        assertEquals("\"a \"quoted\" \\ name\" {" + u + "}\n", ok("list", "vms"));
        assertEquals("", ok("list", "runningvms"));
        String info = ok("showvminfo", u.toString(), "--machinereadable");
        assertTrue(info.startsWith("name=\"a \\\"quoted\\\" \\\\ name\"\n"), info);
        assertTrue(info.contains("\nmemory=128\n") && info.contains("\ncpus=1\n") && info.contains("\nVMState=\"poweroff\"\n"), info);
        MachineInfo m = MachineInfo.parse(info);
        assertEquals("a \"quoted\" \\ name", m.name());
        assertEquals(u, m.uuid());
        assertEquals(VmState.POWEROFF, m.state());
        assertEquals(List.of(java.util.Map.entry("a \"quoted\" \\ name", u)), VboxInventory.parseList(ok("list", "vms")));
        assertEquals("7.0.14r161095\n", ok("--version"));
    }

    @Test
    void virtualBoxsStateRulesHold() throws Exception {
        ok("createvm", "--name", "m", "--register");
        fails(1, "Machine 'm' is not currently running", "controlvm", "m", "pause");
        fails(1, "Cannot discard the saved state", "discardstate", "m");
        ok("startvm", "m", "--type", "headless");
        assertTrue(ok("list", "runningvms").startsWith("\"m\" {"));
        fails(1, "The machine 'm' is already locked by a session", "startvm", "m", "--type", "headless");
        fails(1, "The machine 'm' is already locked for a session", "modifyvm", "m", "--memory", "256");
        fails(1, "Cannot unregister the machine 'm' while it is locked", "unregistervm", "m");
        ok("controlvm", "m", "pause");
        fails(1, "Invalid machine state: Paused", "controlvm", "m", "pause");
        assertTrue(ok("list", "runningvms").startsWith("\"m\" {"), "paused machines are listed as running");
        ok("controlvm", "m", "savestate");
        assertEquals("saved", MachineInfo.parse(ok("showvminfo", "m", "--machinereadable")).get("VMState"));
        ok("startvm", "m", "--type", "headless");
        ok("controlvm", "m", "poweroff");
        fails(1, "Machine settings file", "createvm", "--name", "m", "--register");
        fails(1, "Could not find a registered machine named 'nosuch'", "showvminfo", "nosuch", "--machinereadable");
    }

    @Test
    void unknownSubcommandsAndOptionsAreRefused() throws Exception {
        ok("createvm", "--name", "m", "--register");
        fails(2, "Invalid command 'snapshot'", "snapshot", "m", "list");
        fails(2, "Unknown option: --nosuch", "modifyvm", "m", "--nosuch", "x");
        fails(2, "Unknown option: --force", "unregistervm", "m", "--force");
        fails(2, "Invalid parameter 'teleport'", "controlvm", "m", "teleport");
        fails(2, "Invalid --memory value", "modifyvm", "m", "--memory", "lots");
    }

    @Test
    void unregisterWithDeleteDeletesAttachedHardDisksButNotDvdImages() throws Exception {
        Path hdd = Files.writeString(dir.resolve("a.vdi"), "x");
        Path dvd = Files.writeString(dir.resolve("a.iso"), "x");
        ok("createvm", "--name", "m", "--register");
        ok("storagectl", "m", "--name", "SATA Controller", "--add", "sata");
        ok("storageattach", "m", "--storagectl", "SATA Controller", "--port", "0", "--device", "0", "--type", "hdd", "--medium", hdd.toString());
        ok("storageattach", "m", "--storagectl", "SATA Controller", "--port", "1", "--device", "0", "--type", "dvddrive", "--medium", dvd.toString());
        fails(1, "Could not find file for the medium", "storageattach", "m", "--storagectl", "SATA Controller", "--port", "2",
            "--device", "0", "--type", "hdd", "--medium", dir.resolve("nosuch.vdi").toString());
        ok("unregistervm", "m", "--delete");
        assertTrue(Files.notExists(hdd), "VBoxManage's --delete deletes the hard disk: the driver detaches first");
        assertTrue(Files.exists(dvd));
        Files.delete(dvd);
    }
}
