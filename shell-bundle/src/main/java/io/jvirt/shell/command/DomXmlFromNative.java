package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.shell.command.completers.NativeFormatCompleter;
import io.jvirt.shell.command.completers.UserFileCompleter;

@Command(scope = "virt", name = "domxml-from-native", description = "Convert native config to domain XML")
@Service
public class DomXmlFromNative extends VirtCommand {

    @Argument(index = 0, name = "format", description = "source config data format", required = true)
    @Completion(NativeFormatCompleter.class)
    String format;

    @Argument(index = 1, name = "config", description = "config data file to import from", required = true)
    @Completion(UserFileCompleter.class)
    String config;

    @Override
    protected void run() throws Exception {
        String nativeConfig = readFile(config);
        out().print(connection().domainXmlFromNative(format, nativeConfig));
    }
}
