package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "vol-dumpxml", description = "vol information in XML")
@Service
public class VolDumpXml extends VolumePoolArgCommand {

    @Override
    protected void run() throws Exception {
        // virsh reports libvirt's error alone here
        out().print(lookupVol().xmlDesc());
    }
}
