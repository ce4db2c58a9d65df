package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.shell.command.completers.DomainCompleter;
import io.jvirt.shell.command.completers.NativeFormatCompleter;
import io.jvirt.shell.command.completers.UserFileCompleter;

@Command(scope = "virt", name = "domxml-to-native", description = "Convert domain XML to native config")
@Service
public class DomXmlToNative extends VirtCommand {

    @Argument(index = 0, name = "format", description = "target config data type format", required = true)
    @Completion(NativeFormatCompleter.class)
    String format;

    @Argument(index = 1, name = "xml", description = "xml data file to export from")
    @Completion(UserFileCompleter.class)
    String file;

    @Option(name = "--xml", description = "xml data file to export from")
    @Completion(UserFileCompleter.class)
    String xmlOption;

    @Option(name = "--domain", description = "domain name, id or uuid")
    @Completion(DomainCompleter.class)
    String domain;

    @Override
    protected void run() throws Exception {
        String xmlFile = xmlOption != null ? xmlOption : file;
        exclusive(domain != null, "domain", xmlFile != null, "xml");
        String xml;
        if (domain != null) {
            xml = lookup(domain).xmlDesc();
        } else if (xmlFile != null) {
            xml = readFile(xmlFile);
        } else {
            throw failure("need either domain or domain XML");
        }
        out().print(connection().domainXmlToNative(format, xml));
    }
}
