package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.NodeInfo;

@Command(scope = "virt", name = "nodeinfo", description = "Node information")
@Service
public class NodeInfoCommand extends VirtCommand {

    @Override
    protected void run() {
        NodeInfo n = connection().nodeInfo();
        field("CPU model:", n.model());
        field("CPU(s):", n.cpus());
        field("CPU frequency:", n.mhz() + " MHz");
        field("CPU socket(s):", n.sockets());
        field("Core(s) per socket:", n.cores());
        field("Thread(s) per core:", n.threads());
        field("NUMA cell(s):", n.nodes());
        field("Memory size:", n.memoryKiB() + " KiB");
    }

    private void field(String label, Object value) {
        out().printf("%-20s %s%n", label, value);
    }
}
