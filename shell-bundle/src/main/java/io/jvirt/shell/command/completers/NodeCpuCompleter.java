package io.jvirt.shell.command.completers;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.jvirt.api.Connection;
import io.jvirt.api.Connector;
import io.jvirt.api.NodeCpuMap;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.SessionConnection;

/** Completes the host's online CPU numbers as virsh's virshNodeCpuCompleter does (virNodeGetCPUMap). */
@Service
public class NodeCpuCompleter implements Completer {

    @Reference
    Connector connector;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter cpus = new StringsCompleter();
        try {
            cpus.getStrings().addAll(cpus(SessionConnection.get(session, connector)));
        } catch (VirtException e) {
            // no connection, no candidates
        }
        return cpus.complete(session, commandLine, candidates);
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
