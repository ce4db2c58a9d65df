package io.jvirt.shell.command.completers;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.jvirt.api.Connection;
import io.jvirt.api.NodeCpuMap;
import io.jvirt.api.VirtException;

/** Completes the host's online CPU numbers as virsh's virshNodeCpuCompleter does (virNodeGetCPUMap). */
@Service
public class NodeCpuCompleter extends ConnectionCompleter {

    @Override
    protected void words(Connection c, CommandLine commandLine, Collection<String> out) {
        out.addAll(cpus(c));
    }

    static List<String> cpus(Connection c) {
        List<String> out = new ArrayList<>();
        try {
            NodeCpuMap map = c.nodeCpuMap();
            BitSet online = map.online();
            for (int i = online.nextSetBit(0); i >= 0 && i < map.cpus(); i = online.nextSetBit(i + 1)) {
                out.add(Integer.toString(i));
            }
        } catch (VirtException e) {
            // nothing to offer
        }
        return out;
    }
}
