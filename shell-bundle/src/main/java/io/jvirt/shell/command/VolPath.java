package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "vol-path", description = "returns the volume path for a given volume name or key")
@Service
public class VolPath extends VolumePoolArgCommand {

    @Override
    protected void run() throws Exception {
        out().println(lookupVol().path());
    }
}
