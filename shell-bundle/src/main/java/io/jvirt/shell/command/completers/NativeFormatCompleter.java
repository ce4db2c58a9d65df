package io.jvirt.shell.command.completers;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the native configuration formats libvirt's drivers know (domxml-from-native, domxml-to-native). */
@Service
public class NativeFormatCompleter implements Completer {

    static final List<String> FORMATS =
        List.of("qemu-argv", "xen-xl", "xen-sxpr", "xen-xm", "vmware-vmx", "lxc-tools", "bhyve-argv");

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(FORMATS).complete(session, commandLine, candidates);
    }
}
