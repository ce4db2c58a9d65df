package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.VirtException;

/** virsh's iothreaddel (cmdIOThreadDel): libvirt's error only when it fails, nothing when it works. */
@Command(scope = "virt", name = "iothreaddel", description = "delete an IOThread from the guest domain")
@Service
public class IoThreadDel extends TrailingOptionsCommand {

    @Override
    protected boolean takesId() {
        return true;
    }

    @Override
    protected void run() throws Exception {
        List<String> args = arguments("iothreaddel", 1);
        var impact = impactFlags();
        var d = lookup();
        int iothread = threadId(required(args, 0, "id", "iothreaddel"));
        try {
            d.deleteIoThread(iothread, impact);
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }
}
