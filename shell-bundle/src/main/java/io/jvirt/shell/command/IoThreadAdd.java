package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh's iothreadadd (cmdIOThreadAdd): libvirt's error only when it fails, nothing when it works. */
@Command(scope = "virt", name = "iothreadadd", description = "add an IOThread to the guest domain")
@Service
public class IoThreadAdd extends IoThreadIdCommand {

    @Override
    protected void run() throws Exception {
        change((d, thread, impact) -> d.addIoThread(thread, impact));
    }
}
