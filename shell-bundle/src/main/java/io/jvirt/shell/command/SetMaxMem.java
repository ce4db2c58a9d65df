package io.jvirt.shell.command;

import java.util.ArrayList;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.ModificationImpact;

@Command(scope = "virt", name = "setmaxmem", description = "Change maximum memory limit")
@Service
public class SetMaxMem extends ImpactCommand {

    @Argument(index = 1, name = "size", description = "new maximum memory size, as scaled integer (default KiB)", required = true)
    String size;
    @Argument(index = 2, name = "options", description = "the command's options may also follow its arguments, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();

    @Override
    protected void run() throws Exception {
        List<ModificationImpact> flags = impact();
        long kib = Numbers.parseScaledKiB(size, "size", 1024);
        // virsh calls virDomainSetMemoryFlags with VIR_DOMAIN_MEM_MAXIMUM whatever the impact
        flags.add(ModificationImpact.MAXIMUM);
        act("Unable to change MaxMemorySize", d -> d.setMemory(kib, flags.toArray(new ModificationImpact[0])));
    }

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
