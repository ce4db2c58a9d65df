package io.jvirt.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.VirtException;

/** virsh's iothreadadd (cmdIOThreadAdd): libvirt's error only when it fails, nothing when it works. */
@Command(scope = "virt", name = "iothreadadd", description = "add an IOThread to the guest domain")
@Service
public class IoThreadAdd extends TrailingOptionsCommand {

    @Override
    protected boolean takesId() {
        return true;
    }

    @Override
    protected void run() throws Exception {
        List<String> args = arguments("iothreadadd", 1);
        var impact = impactFlags();
        var d = lookup();
        int iothread = threadId(required(args, 0, "id", "iothreadadd"));
        try {
            d.addIoThread(iothread, impact);
        } catch (VirtException e) {
            throw failure(null, e);
        }
    }
}
