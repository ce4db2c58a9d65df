package io.jvirt.driver.test;

import io.jvirt.api.NodeInfo;

/** The capabilities XML of a test host ({@code testBuildCapabilities}, host CPU and guests; NUMA cells not yet). */
final class TestCapabilities {

    private TestCapabilities() {
    }

    static String format(NodeInfo n) {
        StringBuilder b = new StringBuilder();
        b.append("<capabilities>\n\n  <host>\n    <cpu>\n      <arch>i686</arch>\n      <features>\n")
            .append("        <pae/>\n        <nonpae/>\n      </features>\n")
            .append("      <topology sockets='").append(n.sockets()).append("' dies='1' cores='").append(n.cores())
            .append("' threads='").append(n.threads()).append("'/>\n    </cpu>\n")
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
