package io.jvirt.shell.command;

import java.util.List;

import java.util.ArrayList;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.ModificationImpact;

@Command(scope = "virt", name = "setmem", description = "Change memory allocation")
@Service
public class SetMem extends ImpactCommand {

    @Argument(index = 1, name = "size", description = "new memory size, as scaled integer (default KiB)", required = true)
    String size;
    @Argument(index = 2, name = "options", description = "the command's options may also follow its arguments, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void run() throws Exception {
        ModificationImpact[] flags = impact().toArray(new ModificationImpact[0]);
        long kib = Numbers.parseScaledKiB(size, "size", 1024);
        // virsh reports only libvirt's error here (VirtCommand prints it)
        lookup().setMemory(kib, flags);
    }

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
