package io.jvirt.shell.command;

import java.util.ArrayList;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.ModificationImpact;

@Command(scope = "virt", name = "setvcpus", description = "Change number of virtual CPUs")
@Service
public class SetVcpus extends ImpactCommand {

    @Argument(index = 1, name = "count", description = "number of virtual CPUs", required = true)
    String count;
    @Argument(index = 2, name = "options", description = "the command's options may also follow its arguments, as in virsh",
        multiValued = true)
    List<String> trailing = new ArrayList<>();
    @Option(name = "--maximum", description = "set maximum limit on next boot")
    boolean maximum;

    @Override
    protected void run() throws Exception {
        List<ModificationImpact> flags = impact();
        if (maximum) {
            flags.add(ModificationImpact.MAXIMUM);
        }
        int n = Numbers.parseInt(count, "count");
        lookup().setVcpus(n, flags.toArray(new ModificationImpact[0]));
    }

    @Override
    protected void prepare() throws Exception {
        readTrailingOptions(trailing);
    }
}
