package io.jvirt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jvirt.core.kit.HostCommand;

/**
 * Real virsh 9.0's domstats against jvirt's test driver over the wire gives what the same virsh
 * gives on libvirt's own test driver (test:///default and the conformance data's node file, whose
 * fc4 has I/O threads): the groups the test driver reports and those it ignores or, enforced,
 * refuses, the list filters, domain lists, and a read-only connection.
 */
class DomainStatsOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire().freshPerRun();

    /**
     * One listing of several domains on the node file, its records compared in any order: libvirt
     * lists them in the order of its hash table, whose key is seeded at random per process.
     */
    private void sameRecordsOnNodeFile(String setUp, String domstats) throws IOException {
        wire.restart();
        VirshWire.requireNodeFile();
        String script = setUp.isEmpty() ? domstats : setUp + "; echo --; " + domstats;
        HostCommand.Result libvirt = wire.virsh("test://" + VirshWire.NODE, script);
        HostCommand.Result ours = wire.virsh(wire.jvirt(VirshWire.NODE), script);
        assertEquals(records(libvirt.output()), records(ours.output()), "virsh (node file) " + script);
        assertEquals(libvirt.status(), ours.status(), "exit status of " + script);
    }

    /** What the set-up printed, then the listing's records ("Domain: " blocks) sorted. */
    private static List<String> records(String output) {
        int cut = output.indexOf("--\n");
        List<String> out = new ArrayList<>();
        out.add(cut < 0 ? "" : output.substring(0, cut));
        String listing = cut < 0 ? output : output.substring(cut + 3);
        List<String> blocks = new ArrayList<>(List.of(listing.split("(?=Domain: ')")));
        Collections.sort(blocks);
        out.addAll(blocks);
        return out;
    }

    @Test
    void everyGroupTheDriverReports() throws IOException {
        wire.sameAsLibvirt("domstats; domstats --raw; domstats test; domstats test test");
        sameRecordsOnNodeFile("", "domstats");
        sameRecordsOnNodeFile("", "domstats --iothread");
        wire.sameOnNodeFile("domstats --state fc4 fv0; domstats --iothread --state fc5 fc4");
    }

    @Test
    void groupsTheDriverDoesNotReportAreLeftOutOrEnforced() throws IOException {
        wire.sameAsLibvirt("domstats --cpu-total; domstats --balloon --vcpu --interface --block --perf --memory --dirtyrate --vm;"
            + " domstats --state --block; domstats --enforce --state --iothread; domstats --enforce; domstats --backing --nowait");
        wire.sameAsLibvirt("domstats --enforce --vcpu --balloon");
        wire.sameAsLibvirt("domstats --enforce --state --cpu-total test");
    }

    @Test
    void listFilters() throws IOException {
        wire.sameAsLibvirt("domstats --list-active; domstats --list-inactive; domstats --list-persistent; domstats --list-transient;"
            + " domstats --list-running; domstats --list-paused; domstats --list-shutoff; domstats --list-other;"
            + " domstats --list-active --list-inactive; domstats --list-inactive test");
        wire.sameAsLibvirt("suspend test; domstats --list-paused; domstats --list-running; domstats --list-other;"
            + " destroy test; domstats; domstats --list-shutoff --state; domstats --list-active test; domstats --list-inactive test");
        sameRecordsOnNodeFile("destroy fc5", "domstats --list-active");
        sameRecordsOnNodeFile("destroy fc5", "domstats --list-active --iothread");
        wire.sameOnNodeFile("destroy fc5; domstats --list-inactive; domstats --list-inactive fc5 fv0");
    }

    @Test
    void namedDomains() throws IOException {
        wire.sameAsLibvirt("domstats nope");
        wire.sameAsLibvirt("domstats test nope");
        wire.sameOnNodeFile("domstats fc5 fv0 fc4; domstats --list-running fc4 2 fv0");
    }

    @Test
    void readOnlyConnectionsReadStatistics() throws IOException {
        // (jvirt reads no node file for a read-only connection unless its administrator allows it)
        wire.sameAsLibvirt("-r", "domstats; domstats --iothread test");
    }
}
