package io.jvirt.server;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real virsh 9.0's freecell, sysinfo, nodecpustats and nodememstats against jvirt's test driver
 * over the wire give what the same virsh gives on libvirt's own test driver: its fixed figures
 * (nothing to mask), the cells of test:///default and none on a node file, bad cell and CPU
 * numbers, the memory statistics libvirt's test driver does not have. nodecpustats --percent
 * sleeps a second between two reads of the same fixed figures, so its output is fixed too (0/0:
 * glibc's "-nan").
 */
class NodeFiguresOverTheWireTest {

    @RegisterExtension
    final VirshWire wire = new VirshWire();

    @Test
    void freecell() throws IOException {
        wire.sameAsLibvirt("freecell; freecell --all; freecell --cellno 0; freecell --cellno 1; freecell 1");
        wire.sameOnNodeFile("freecell --all");
    }

    @Test
    void badCells() throws IOException {
        wire.sameAsLibvirt("freecell --cellno 2");
        wire.sameAsLibvirt("freecell --cellno -1");
        wire.sameAsLibvirt("freecell --cellno x");
        wire.sameAsLibvirt("freecell --all --cellno 0");
        wire.sameAsLibvirt("freecell 0 1");
        wire.sameAsLibvirt("freecell 1 --cellno 1");
        wire.sameAsLibvirt("freecell --cellno 1 0");
        wire.sameOnNodeFile("freecell");
        wire.sameOnNodeFile("freecell --cellno 0");
    }

    @Test
    void sysinfo() throws IOException {
        wire.sameAsLibvirt("sysinfo");
        wire.sameOnNodeFile("sysinfo");
        wire.sameAsLibvirt("sysinfo x");
    }

    @Test
    void nodecpustats() throws IOException {
        wire.sameAsLibvirt("nodecpustats; nodecpustats 3; nodecpustats --cpu 0; nodecpustats -1; nodecpustats 999");
        wire.sameAsLibvirt("nodecpustats -2");
        wire.sameAsLibvirt("nodecpustats x");
        wire.sameAsLibvirt("nodecpustats 1 --cpu 1");
        wire.sameAsLibvirt("nodecpustats 99999999999");
        wire.sameOnNodeFile("nodecpustats; nodecpustats 1");
    }

    @Test
    void nodecpustatsPercent() throws IOException {
        wire.sameAsLibvirt("nodecpustats --percent");
    }

    @Test
    void nodememstats() throws IOException {
        wire.sameAsLibvirt("nodememstats");
        wire.sameAsLibvirt("nodememstats 0");
        wire.sameAsLibvirt("nodememstats --cell 1");
        wire.sameAsLibvirt("nodememstats -2");
        wire.sameOnNodeFile("nodememstats");
    }

    @Test
    void readOnlySocketsReadThem() throws IOException {
        wire.sameAsLibvirt("-r", "freecell --all; sysinfo; nodecpustats; nodememstats");
    }
}
