package io.jvirt.shell.command;

import java.util.BitSet;
import java.util.List;

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
public class IoThreadPin extends ImpactFlagsCommand {

    @Option(name = "--iothread", description = "IOThread ID number")
    String iothread;
    @Option(name = "--cpulist", description = "host cpu number(s) to set")
    String cpulist;

    @Override
    protected List<String> positionalOptions() {
        return List.of("--iothread", "--cpulist");
    }

    @Override
    protected void run() throws Exception {
        required("--iothread", iothread, "<cpulist>", cpulist);
        ModificationImpact[] impact = impactFlags();
        var d = lookup();
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
