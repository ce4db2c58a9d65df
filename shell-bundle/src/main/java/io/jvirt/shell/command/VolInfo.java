package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolInfo;
import io.jvirt.api.StorageVolInfoFlag;

/** virsh's vol-info: name, type and sizes (pretty, or "N bytes" with --bytes). */
@Command(scope = "virt", name = "vol-info", description = "storage vol information")
@Service
public class VolInfo extends VolumePoolArgCommand {

    @Option(name = "--bytes", description = "sizes are represented in bytes rather than pretty units")
    boolean bytes;
    @Option(name = "--physical", description = "return the physical size of the volume in allocation field")
    boolean physical;

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        flags.put("bytes", () -> bytes = true);
        flags.put("physical", () -> physical = true);
    }

    @Override
    protected void run() throws Exception {
        StorageVol v = lookupVol();
        field("Name:", v.name());
        // a failure is virsh's single libvirt line
        StorageVolInfo info = physical ? v.info(StorageVolInfoFlag.GET_PHYSICAL) : v.info();
        field("Type:", info.type().label());
        field("Capacity:", size(info.capacity()));
        field(physical ? "Physical:" : "Allocation:", size(info.allocation()));
    }

    private String size(long value) {
        return bytes ? StorageSizes.bytes(value) + " bytes" : StorageSizes.pretty(value);
    }

    private void field(String label, String value) {
        out().printf("%-15s %s%n", label, value);
    }
}
