package io.jvirt.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jvirt.api.Connection;
import io.jvirt.api.Domain;
import io.jvirt.api.ListFilter;
import io.jvirt.core.runtime.StandaloneConnector;
import io.jvirt.driver.test.TestDriver;

/**
 * virt:list's states come from listings filtered by state, not from a call per domain: every state
 * libvirt has must come out as each domain's own state says, the ones libvirt groups as OTHER
 * (crashed, pmsuspended, blocked, in shutdown) included.
 */
class FleetListingStatesTest {

    @TempDir
    Path tmp;

    private static String domain(String name, int runstate) {
        return "<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>"
            + (runstate < 0 ? "" : "<test:runstate>" + runstate + "</test:runstate>")
            + "<name>" + name + "</name><memory>65536</memory><os><type>hvm</type></os></domain>";
    }

    @Test
    void everyStateIsTheDomainsOwn() throws Exception {
        // virDomainState numbers: 1 running, 2 blocked, 3 paused, 4 shutdown, 5 shutoff, 6 crashed, 7 pmsuspended
        StringBuilder node = new StringBuilder("<node>");
        int[] states = {1, 2, 3, 4, 5, 6, 7};
        for (int s : states) {
            node.append(domain("s" + s, s));
        }
        node.append("</node>");
        Path file = Files.writeString(tmp.resolve("node.xml"), node.toString());
        try (Connection c = StandaloneConnector.create(null, new TestDriver()).open("test://" + file)) {
            Map<String, String> expected = new LinkedHashMap<>();
            for (Domain d : c.listAllDomains()) {
                expected.put(d.name(), d.state().state().label());
            }
            assertEquals(7, expected.size(), expected.toString());
            assertEquals(7, new java.util.HashSet<>(expected.values()).size(), "seven different states: " + expected);
            Map<String, String> listed = new LinkedHashMap<>();
            for (String[] row : FleetListing.domainRows(c, new ListFilter[0], null)) {
                listed.put(row[1], row[2]);
            }
            assertEquals(expected, listed);
            // a state filter gives only those, in the same words
            List<String[]> paused = FleetListing.domainRows(c, new ListFilter[] {ListFilter.PAUSED}, null);
            assertEquals(1, paused.size());
            assertEquals(expected.get("s3"), paused.get(0)[2]);
        }
    }
}
