package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** virsh's iothreaddel (cmdIOThreadDel): libvirt's error only when it fails, nothing when it works. */
@Command(scope = "virt", name = "iothreaddel", description = "delete an IOThread from the guest domain")
@Service
public class IoThreadDel extends IoThreadIdCommand {

    @Override
    protected void run() throws Exception {
        change((d, thread, impact) -> d.deleteIoThread(thread, impact));
    }
}
