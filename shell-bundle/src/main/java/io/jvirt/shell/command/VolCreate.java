package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.VirtException;
import io.jvirt.shell.command.completers.UserFileCompleter;

@Command(scope = "virt", name = "vol-create", description = "create a vol from an XML file")
@Service
public class VolCreate extends PoolCommand {

    @Argument(index = 1, name = "file", description = "file containing an XML vol description", required = true)
    @Completion(UserFileCompleter.class)
    String file;
    @Option(name = "--prealloc-metadata", description = "preallocate metadata (for qcow2 instead of full allocation)")
    boolean preallocMetadata;
    @Option(name = "--validate", description = "validate the XML against the schema")
    boolean validate;

    @Override
    protected void run() throws Exception {
        List<StorageVolCreateFlag> f = new ArrayList<>();
        if (preallocMetadata) {
            f.add(StorageVolCreateFlag.PREALLOC_METADATA);
        }
        if (validate) {
            f.add(StorageVolCreateFlag.VALIDATE);
        }
        var p = lookupPool();
        String xml = readFile(file);
        StorageVol v;
        try {
            v = p.createVolumeXml(xml, f.toArray(new StorageVolCreateFlag[0]));
        } catch (VirtException e) {
            throw failure("Failed to create vol from " + file, e);
        }
        out().println("Vol " + v.name() + " created from " + file);
    }
}
