package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.DomainState;
import io.jvirt.api.ErrorCode;
import io.jvirt.api.StateReason;
import io.jvirt.api.VirtException;

class StateStoreTest {

    @TempDir
    Path root;

    /** Thrown by a test hook to stop a save dead, as a crash would: nothing after it runs. */
    static final class SimulatedCrash extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static String xml(String name, String extra) {
        return "<domain type='test'>\n  <name>" + name + "</name>\n  <description>" + extra + "</description>\n</domain>\n";
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static DomainStatus status(int id, String xml) {
        return new DomainStatus(id, new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), true,
            4242, 987654321L, "/run/jvirt/qemu/vm.monitor", xml);
    }

    @Test
    void configsRoundTripAndLayoutIsAsDocumented() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("vm1", xml("vm1", "ünïcödé & <escaped/>"));
        store.saveConfig("vm2", xml("vm2", "two"));
        store.saveConfig("vm1", xml("vm1", "updated"));

        assertEquals(List.of("vm1.xml", "vm2.xml"), files(root.resolve("config")));
        assertEquals(xml("vm1", "updated"), Files.readString(root.resolve("config/vm1.xml")));
        StateStore reopened = new StateStore(root);
        assertEquals(Map.of("vm1", xml("vm1", "updated"), "vm2", xml("vm2", "two")), reopened.loadConfigs());
        assertEquals(Optional.of(xml("vm2", "two")), reopened.readConfig("vm2"));
        assertEquals(Optional.empty(), reopened.readConfig("nope"));
        assertEquals(Map.of(), new StateStore(root.resolve("fresh")).loadConfigs(), "a missing directory is empty");
    }

    @Test
    void crashBetweenTempWriteAndRenameLeavesTheOldFileIntact() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("vm", xml("vm", "old"));
        store.setBeforeRename(temp -> {
            throw new SimulatedCrash();
        });
        assertThrows(SimulatedCrash.class, () -> store.saveConfig("vm", xml("vm", "new")));

        List<String> left = files(root.resolve("config"));
        assertEquals(2, left.size(), "the crash left a temp file beside the old one: " + left);
        String temp = left.stream().filter(n -> n.startsWith(".")).findFirst().orElseThrow();
        assertTrue(temp.startsWith(".vm.xml.") && temp.endsWith(".tmp"), temp);
        assertEquals(xml("vm", "new"), Files.readString(root.resolve("config").resolve(temp)), "the temp had the new content");
        assertEquals(xml("vm", "old"), Files.readString(root.resolve("config/vm.xml")));

        // "restart"
        StateStore after = new StateStore(root);
        assertEquals(Map.of("vm", xml("vm", "old")), after.loadConfigs());
        assertEquals(List.of("vm.xml"), files(root.resolve("config")), "the temp file is gone, the real one kept");
    }

    @Test
    void failedWriteIsWriteFailedAndKeepsThePreviousFile() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("vm", xml("vm", "old"));
        store.setBeforeRename(temp -> {
            throw new IOException("No space left on device");
        });
        VirtException e = assertThrows(VirtException.class, () -> store.saveConfig("vm", xml("vm", "new")));
        assertEquals(ErrorCode.WRITE_FAILED, e.code());
        assertTrue(e.getMessage().startsWith("failed to write configuration file: "), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals(xml("vm", "old"), Files.readString(root.resolve("config/vm.xml")));
        assertEquals(List.of("vm.xml"), files(root.resolve("config")), "no temp file is left by a failure");
    }

    @Test
    void writeOverADirectoryFailsCleanly() throws IOException {
        Files.createDirectories(root.resolve("config/vm.xml/occupied"));
        VirtException e = assertThrows(VirtException.class, () -> new StateStore(root).saveConfig("vm", "<domain/>"));
        assertEquals(ErrorCode.WRITE_FAILED, e.code());
        assertEquals(List.of("vm.xml"), files(root.resolve("config")));
    }

    @Test
    void corruptFilesAreQuarantinedAndTheOthersLoad() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("good", xml("good", "fine"));
        Path config = root.resolve("config");
        Files.write(config.resolve("binary.xml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        Files.write(config.resolve("empty.xml"), new byte[0]);
        Files.writeString(config.resolve("notes.txt"), "not a config");

        assertEquals(Map.of("good", xml("good", "fine")), store.loadConfigs((n, c) -> { }));

        List<String> left = files(config);
        assertTrue(left.contains("good.xml"));
        assertTrue(left.contains("notes.txt"), "foreign files are left alone");
        for (String bad : List.of("binary.xml", "empty.xml")) {
            assertFalse(left.contains(bad), bad + " should have been moved aside");
            assertEquals(1, left.stream().filter(n -> n.startsWith(bad + ".corrupt-")).count(), bad + " in " + left);
        }
        // a second load does not see the quarantined files again
        assertEquals(Map.of("good", xml("good", "fine")), store.loadConfigs());
        assertEquals(left, files(config));
    }

    /**
     * A validator judges a definition against the environment (a hypervisor's probe, its machine
     * types): what it rejects is not corrupt, and a failing probe must not move every definition
     * aside. The file stays where it is, is not loaded, and its name stays reserved: no save can
     * overwrite it until a later load accepts it.
     */
    @Test
    void filesAValidatorRejectsStayInPlaceAndTheirNamesStayReserved() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("good", xml("good", "fine"));
        store.saveConfig("rejected", "<domain><name>rejected</name>");
        store.saveStatus("running", status(3, "<domain><name>running</name></domain>"));
        Path config = root.resolve("config");
        String statusBefore = Files.readString(root.resolve("status/running.status"));

        StateStore.Validator probeFails = (name, content) -> {
            if (!name.equals("good")) {
                throw new IllegalStateException("cannot probe the emulator");
            }
        };
        assertEquals(Map.of("good", xml("good", "fine")), store.loadConfigs(probeFails));
        assertEquals(Map.of(), store.loadStatuses((n, c) -> probeFails.validate("x", c)));

        assertEquals(List.of("good.xml", "rejected.xml"), files(config), "nothing moved aside");
        assertEquals("<domain><name>rejected</name>", Files.readString(config.resolve("rejected.xml")));
        assertEquals(List.of("running.status"), files(root.resolve("status")));
        assertEquals(statusBefore, Files.readString(root.resolve("status/running.status")));
        assertEquals(Map.of("rejected", "cannot probe the emulator"), store.unloadedConfigs());
        assertEquals(Set.of("running"), store.unloadedStatuses().keySet());

        VirtException e = assertThrows(VirtException.class, () -> store.saveConfig("rejected", xml("rejected", "new")));
        assertEquals(ErrorCode.OPERATION_FAILED, e.code());
        assertTrue(e.getMessage().contains("could not be loaded (cannot probe the emulator)"), e.getMessage());
        assertEquals("<domain><name>rejected</name>", Files.readString(config.resolve("rejected.xml")), "not overwritten");
        assertThrows(VirtException.class, () -> store.saveStatus("running", status(4, "<domain/>")));
        assertEquals(statusBefore, Files.readString(root.resolve("status/running.status")), "not overwritten");

        // the environment recovers: the next load takes them, and the names are free again
        assertEquals(Set.of("good", "rejected"), store.loadConfigs((n, c) -> { }).keySet());
        assertEquals(Set.of("running"), store.loadStatuses().keySet());
        assertEquals(Map.of(), store.unloadedConfigs());
        store.saveConfig("rejected", xml("rejected", "new"));
        store.saveStatus("running", status(4, "<domain/>"));
    }

    @Test
    void quarantineNeverOverwritesAnEarlierQuarantinedFile() throws IOException {
        StateStore store = new StateStore(root);
        Path config = root.resolve("config");
        for (int round = 0; round < 3; round++) {
            Files.createDirectories(config);
            Files.write(config.resolve("bad.xml"), new byte[] {(byte) 0xff, (byte) ('0' + round)}); // not UTF-8
            store.loadConfigs();
        }
        List<String> aside = files(config);
        assertEquals(3, aside.size(), aside.toString());
        for (String n : aside) {
            assertTrue(n.startsWith("bad.xml.corrupt-"), n);
        }
    }

    @Test
    void statusRoundTripsWithAwkwardXml() {
        StateStore store = new StateStore(root);
        String live = " <domain>\n\t<name>vm</name>\r\n  <description>a=b : c \\ d # e ! ü 中 \u0001</description>\n</domain>";
        DomainStatus s = status(7, live);
        store.saveStatus("vm", s);
        store.saveStatus("transient", new DomainStatus(8, new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER),
            false, -1, -1, null, "<domain/>"));

        Map<String, DomainStatus> loaded = new StateStore(root).loadStatuses();
        assertEquals(s, loaded.get("vm"));
        assertEquals(live, loaded.get("vm").liveXml());
        DomainStatus t = loaded.get("transient");
        assertFalse(t.persistent());
        assertEquals("", t.monitor());
        assertEquals(new StateReason(DomainState.PAUSED, StateReason.PAUSED_USER), t.state());
    }

    @Test
    void truncatedOrTamperedStatusIsQuarantined() throws IOException {
        StateStore store = new StateStore(root);
        store.saveStatus("ok", status(1, "<domain><name>ok</name></domain>"));
        store.saveStatus("cut", status(2, "<domain><name>cut</name></domain>"));
        store.saveStatus("tampered", status(3, "<domain><name>tampered</name></domain>"));
        store.saveStatus("liveinvalid", status(4, "<notadomain/>"));
        Path dir = root.resolve("status");
        String full = Files.readString(dir.resolve("cut.status"));
        Files.writeString(dir.resolve("cut.status"), full.substring(0, full.indexOf("xml=") + 12)); // partial
        Path tampered = dir.resolve("tampered.status");
        Files.writeString(tampered, Files.readString(tampered).replace("<name>tampered</name>", "<name>tampered!</name>"));

        Map<String, DomainStatus> loaded = store.loadStatuses((name, xml) -> {
            if (!xml.startsWith("<domain>")) {
                throw new IllegalArgumentException("not a domain");
            }
        });
        assertEquals(Set.of("ok"), loaded.keySet());
        List<String> left = files(dir);
        assertEquals(4, left.size(), left.toString());
        assertTrue(left.contains("liveinvalid.status"), "a validator's rejection leaves the file in place: " + left);
        for (String n : List.of("cut", "tampered")) {
            assertTrue(left.stream().anyMatch(f -> f.startsWith(n + ".status.corrupt-")), n + " in " + left);
        }
    }

    @Test
    void statusFileFormatIsVersionedAndReadable() throws IOException {
        StateStore store = new StateStore(root);
        store.saveStatus("vm", status(5, "<domain>\n</domain>"));
        List<String> lines = Files.readAllLines(root.resolve("status/vm.status"));
        assertEquals(List.of("format=jvirt-domain-status", "version=1", "name=vm", "id=5", "state=RUNNING", "reason=1",
                "persistent=true", "pid=4242", "pidStartTime=987654321", "monitor=/run/jvirt/qemu/vm.monitor"),
            lines.subList(1, 11));
        assertEquals("xml=<domain>\\n</domain>", lines.get(12));
        assertEquals("end=true", lines.get(13));
    }

    @Test
    void namesThatWouldEscapeTheDirectoryAreRefused() {
        StateStore store = new StateStore(root.resolve("store"));
        for (String bad : new String[] {"../evil", "a/b", ".", "..", ".hidden", "nul\0byte", "", "back\\slash"}) {
            VirtException e = assertThrows(VirtException.class, () -> store.saveConfig(bad, "<domain/>"), bad);
            assertEquals(ErrorCode.INVALID_ARG, e.code(), bad);
            assertThrows(VirtException.class, () -> store.saveStatus(bad, status(1, "x")), bad);
            assertThrows(VirtException.class, () -> store.setAutostart(bad, true), bad);
            assertThrows(VirtException.class, () -> store.deleteAll(bad), bad);
        }
        assertThrows(VirtException.class, () -> store.saveConfig(null, "<domain/>"));
        assertFalse(Files.exists(root.resolve("evil.xml")));
        assertFalse(Files.exists(root.resolve("store")), "nothing was written anywhere");
        store.saveConfig("fine-name_1.2 with space", "<domain/>"); // libvirt allows these
    }

    @Test
    void autostartMarkersAndDeleteAll() throws IOException {
        StateStore store = new StateStore(root);
        store.saveConfig("vm", "<domain/>");
        store.saveStatus("vm", status(1, "<domain/>"));
        store.saveConfig("other", "<domain/>");
        assertFalse(store.isAutostart("vm"));
        store.setAutostart("vm", true);
        store.setAutostart("vm", true);
        store.setAutostart("other", true);
        assertTrue(store.isAutostart("vm"));
        assertEquals(Set.of("vm", "other"), store.autostartNames());
        store.setAutostart("other", false);
        assertEquals(Set.of("vm"), new StateStore(root).autostartNames());

        store.deleteAll("vm");
        assertFalse(Files.exists(root.resolve("config/vm.xml")));
        assertFalse(Files.exists(root.resolve("status/vm.status")));
        assertFalse(store.isAutostart("vm"));
        assertEquals(Map.of("other", "<domain/>"), store.loadConfigs());
        store.deleteAll("never-existed"); // no error
    }

    @Test
    void defaultRootFollowsTheConfiguredDirectory() {
        String before = System.getProperty(StateStore.PROP_STATE_DIR);
        try {
            System.setProperty(StateStore.PROP_STATE_DIR, root.toString());
            assertEquals(root.resolve("qemu"), StateStore.defaultRoot("qemu"));
            System.clearProperty(StateStore.PROP_STATE_DIR);
            assertTrue(StateStore.defaultRoot("qemu").endsWith(Path.of("jvirt", "qemu")));
            assertThrows(VirtException.class, () -> StateStore.defaultRoot("../etc"));
        } finally {
            if (before != null) {
                System.setProperty(StateStore.PROP_STATE_DIR, before);
            }
        }
    }
}
