package io.jvirt.core.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.DomainState;
import io.jvirt.api.StateReason;

/** A status file carries each driver's own facts under keys of its own, and reads files written before them. */
class DomainStatusDataTest {

    @TempDir
    Path dir;

    private static final String XML = "<domain type='test'><name>d</name></domain>";

    @Test
    void driverDataRoundTripsUnderItsOwnKeys() throws Exception {
        StateStore store = new StateStore(dir);
        DomainStatus st = new DomainStatus(3, new StateReason(DomainState.RUNNING, StateReason.RUNNING_BOOTED), true, 42, 7,
            "", XML, Map.of("cgroup", "jvirt-lxc/u-u-i-d", "relay.pid", "43"));
        store.saveStatus("d", st);
        String text = Files.readString(dir.resolve("status/d.status"));
        assertTrue(text.contains("\ndata.cgroup=jvirt-lxc/u-u-i-d\ndata.relay.pid=43\n"), text);
        assertTrue(text.contains("\nmonitor=\n"), text);
        DomainStatus back = store.loadStatuses().get("d");
        assertEquals(st, back);
        assertEquals("jvirt-lxc/u-u-i-d", back.data("cgroup", true));
    }

    @Test
    void aFileWithoutDriverDataReadsTheOldFieldWhereTheDriverKeptIt() {
        StateStore store = new StateStore(dir);
        store.saveStatus("d", new DomainStatus(3, new StateReason(DomainState.RUNNING, 1), false, 42, 7, "jvirt-lxc/old", XML));
        DomainStatus back = store.loadStatuses().get("d");
        assertEquals(Map.of(), back.data());
        assertEquals("jvirt-lxc/old", back.data("cgroup", true));
        assertEquals("", back.data("cgroup", false));
    }

    @Test
    void aKeyThatIsNotADriverKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DomainStatus(3, new StateReason(DomainState.RUNNING, 1), false,
            42, 7, "", XML, Map.of("Bad Key", "x")));
        assertThrows(IllegalArgumentException.class, () -> new DomainStatus(3, new StateReason(DomainState.RUNNING, 1), false,
            42, 7, "", XML, Map.of("a\nb", "x")));
    }
}
