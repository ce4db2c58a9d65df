package io.jvirt.shell.command;

import java.util.BitSet;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.ModificationImpact;
import io.jvirt.api.VirtException;

/**
 * virsh's iothreadpin (cmdIOThreadPin): an unsigned thread id, a CPU list read as vcpupin reads
 * one (against the host's CPU count), libvirt's error only when it fails.
 */
@Command(scope = "virt", name = "iothreadpin", description = "control domain IOThread affinity")
@Service
public class IoThreadPin extends TrailingOptionsCommand {

    @Option(name = "--iothread", description = "IOThread ID number")
    String iothreadOption;
    @Option(name = "--cpulist", description = "host cpu number(s) to set")
    String cpulistOption;

    @Override
    protected java.util.Map<String, java.util.function.Consumer<String>> valuedOptions() {
        var m = super.valuedOptions();
        m.put("iothread", v -> iothreadOption = v);
        m.put("cpulist", v -> cpulistOption = v);
        return m;
    }

    @Override
    protected void run() throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(arguments("iothreadpin", 2));
        if (iothreadOption != null) {
            args.add(0, iothreadOption);
        }
        if (cpulistOption != null) {
            args.add(Math.min(1, args.size()), cpulistOption);
        }
        ModificationImpact[] impact = impactFlags();
        var d = lookup();
        String iothread = required(args, 0, "iothread", "iothreadpin");
        String cpulist = required(args, 1, "cpulist", "iothreadpin");
        int id;
        try {
            long v = Long.parseLong(iothread);
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException(iothread);
            }
            id = (int) v;
        } catch (NumberFormatException e) {
            throw failure("Numeric value '" + iothread + "' for <iothread> option is malformed or out of range");
        }
        BitSet cpus = VcpuPin.parseCpuList(cpulist, VcpuPin.hostCpuCount(connection()));
        try {
            d.pinIoThread(id, cpus, impact);
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }
}
