package io.jvirt.shell.command.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.Network;

/** Completes the UUIDs of the session connection's networks (virsh's virshNetworkUUIDCompleter, for net-name). */
@Service
public class NetworkUuidCompleter extends NetworkCompleter {

    @Override
    protected String word(Network n) {
        return n.uuidString();
    }
}
