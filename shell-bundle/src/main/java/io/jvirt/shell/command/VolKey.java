package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "vol-key", description = "returns the volume key for a given volume name or path")
@Service
public class VolKey extends VolumePoolArgCommand {

    @Override
    protected void run() throws Exception {
        out().println(lookupVol().key());
    }
}
