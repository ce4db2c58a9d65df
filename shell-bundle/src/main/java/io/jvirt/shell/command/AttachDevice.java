package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "virt", name = "attach-device", description = "Attach device from an XML file")
@Service
public class AttachDevice extends DeviceCommand {

    @Override
    protected void run() throws Exception {
        change("attach", (d, xml, flags) -> d.attachDevice(xml, flags));
        out().println("Device attached successfully");
    }
}
