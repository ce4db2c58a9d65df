package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.VirtException;

/** virsh's sysinfo (cmdSysinfo): the hypervisor's {@code <sysinfo>} XML as it comes. */
@Command(scope = "virt", name = "sysinfo", description = "print the hypervisor sysinfo")
@Service
public class SysInfo extends NodeCommand {

    @Override
    protected void run() throws Exception {
        String sysinfo;
        try {
            sysinfo = connection().sysinfo();
        } catch (VirtException e) {
            throw failure("failed to get sysinfo", e);
        }
        out().print(sysinfo);
    }
}
