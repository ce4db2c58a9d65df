package io.jvirt.driver.bhyve;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jvirt.api.domain.DiskDef;
import io.jvirt.api.domain.DomainDef;

/**
 * PLACEHOLDER (process-half branch bhyvedrv): the converter branch (bhyveconv) owns this file; at
 * merge its version replaces this one. Here: a minimal bhyve and bhyveload command line.
 */
final class BhyveCommandBuilder {

    private BhyveCommandBuilder() {
    }

    static BhyveCommands build(DomainDef def, Set<BhyveCapability> caps, String deviceMapPath) {
        String mib = Long.toString(def.memoryKiB() / 1024);
        List<String> bhyve = new ArrayList<>(List.of("bhyve", "-c", Integer.toString(def.vcpus()), "-m", mib, "-u", "-H", "-P",
            "-s", "0:0,hostbridge"));
        int slot = 2;
        String boot = null;
        for (DiskDef d : def.disks()) {
            bhyve.add("-s");
            bhyve.add((slot++) + ":0,ahci,hd:" + d.sourcePath());
            boot = boot == null ? d.sourcePath() : boot;
        }
        bhyve.add(def.name());
        List<String> loader = List.of("bhyveload", "-m", mib, "-d", boot == null ? "" : boot, def.name());
        return new BhyveCommands(loader, bhyve, null);
    }
}
