package io.jvirt.driver.test;

import java.util.List;

/**
 * The capabilities XML of a test host, as libvirt's testBuildCapabilities builds it and
 * virCapabilitiesFormatXML writes it: the host CPU with its page sizes, no power management, no
 * IOMMU, the NUMA cells (test:///default has libvirt's two fixed cells; a host of a node file has
 * none, as libvirt's), the security model, and the hvm and xen guests.
 */
final class TestCapabilities {

    /**
     * A NUMA cell of the simulated host: its memory and how many CPUs it holds, and the figure
     * libvirt keeps as its free memory (testCell's freeMem, which only virNodeGetFreeMemory adds up;
     * virNodeGetCellsFreeMemory answers each cell's memory, both taken as bytes by virsh).
     */
    record Cell(long memoryKiB, int cpus, long freeMemory) {
    }

    /**
     * testOpenDefault's cells: 2 GiB and 4 GiB, 8 CPUs each (they need not add up to the node's
     * figures; libvirt's don't), "free" (i + 1) * 1024 * 1024.
     */
    static final List<Cell> DEFAULT_CELLS = List.of(new Cell(2_097_152, 8, 1_048_576), new Cell(4_194_304, 8, 2_097_152));

    /** The host's page sizes in KiB (testBuildCapabilities: 4, 8, 2 MiB and 1 GiB). */
    private static final long[] PAGE_SIZES = {4, 8, 2048, 1_048_576};

    private TestCapabilities() {
    }

    static String format(List<Cell> cells) {
        StringBuilder b = new StringBuilder();
        b.append("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n      <features>\n")
            .append("        <pae/>\n        <nonpae/>\n      </features>\n");
        for (long size : PAGE_SIZES) {
            b.append("      <pages unit='KiB' size='").append(size).append("'/>\n");
        }
        b.append("    </cpu>\n    <power_management/>\n    <iommu support='no'/>\n    <topology>\n")
            .append("      <cells num='").append(cells.size()).append("'>\n");
        int cpuId = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            // each cell's own small page size is 4 KiB shifted by its index, all its memory in them
            long pageSize = 4L << i;
            b.append("        <cell id='").append(i).append("'>\n")
                .append("          <memory unit='KiB'>").append(cell.memoryKiB()).append("</memory>\n")
                .append("          <pages unit='KiB' size='").append(pageSize).append("'>").append(cell.memoryKiB() / pageSize)
                .append("</pages>\n")
                .append("          <pages unit='KiB' size='2048'>0</pages>\n")
                .append("          <pages unit='KiB' size='1048576'>0</pages>\n")
                .append("          <cpus num='").append(cell.cpus()).append("'>\n");
            for (int core = 0; core < cell.cpus(); core++, cpuId++) {
                b.append("            <cpu id='").append(cpuId).append("' socket_id='").append(i).append("' die_id='0' core_id='")
                    .append(core).append("' siblings='").append(cpuId).append("'/>\n");
            }
            b.append("          </cpus>\n        </cell>\n");
        }
        b.append("      </cells>\n    </topology>\n")
            .append("    <secmodel>\n      <model>testSecurity</model>\n      <doi></doi>\n    </secmodel>\n")
            .append("  </host>\n\n");
        for (String osType : new String[] {"hvm", "xen"}) {
            b.append("  <guest>\n    <os_type>").append(osType).append("</os_type>\n    <arch name='i686'>\n")
                .append("      <wordsize>32</wordsize>\n      <emulator>/usr/bin/test-hv</emulator>\n")
                .append("      <domain type='test'/>\n    </arch>\n    <features>\n      <pae/>\n      <nonpae/>\n")
                .append("    </features>\n  </guest>\n\n");
        }
        return b.append("</capabilities>\n").toString();
    }
}
