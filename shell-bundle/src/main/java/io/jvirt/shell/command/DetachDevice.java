package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "detach-device", description = "Detach device from an XML file")
@Service
public class DetachDevice extends DeviceCommand {

    @Override
    protected void run() throws Exception {
        change("detach", (d, xml, flags) -> d.detachDevice(xml, flags));
        out().println("Device detached successfully");
    }
}
