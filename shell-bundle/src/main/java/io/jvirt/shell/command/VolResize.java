package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolResizeFlag;

/**
 * virsh's vol-resize: a negative size is a shrinking delta (and needs --shrink); the size is a
 * scaled integer, default bytes.
 */
@Command(scope = "virt", name = "vol-resize", description = "resize a vol")
@Service
public class VolResize extends VolumeArgPoolCommand {

    @Argument(index = 1, name = "capacity", description = "new capacity for the vol, as scaled integer (default bytes)",
        required = true)
    String capacity;
    @Option(name = "--allocate", description = "allocate the new capacity, rather than leaving it sparse")
    boolean allocate;
    @Option(name = "--delta", description = "use capacity as a delta to current size, rather than the new size")
    boolean delta;
    @Option(name = "--shrink", description = "allow the resize to shrink the volume")
    boolean shrink;

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        flags.put("allocate", () -> allocate = true);
        flags.put("delta", () -> delta = true);
        flags.put("shrink", () -> shrink = true);
    }

    @Override
    protected void run() throws Exception {
        StorageVol v = lookupVol();
        String size = capacity.stripLeading();
        boolean byDelta = delta;
        if (size.startsWith("-")) {
            if (!shrink) {
                throw failure("negative size requires --shrink");
            }
            size = size.substring(1);
            byDelta = true;
        }
        List<StorageVolResizeFlag> f = new ArrayList<>();
        if (allocate) {
            f.add(StorageVolResizeFlag.ALLOCATE);
        }
        if (shrink) {
            f.add(StorageVolResizeFlag.SHRINK);
        }
        if (byDelta) {
            f.add(StorageVolResizeFlag.DELTA);
        }
        long bytes = StorageSizes.parseVolSize(size);
        String how = byDelta ? " by " : " to ";
        String shown = size;
        act("Failed to change size of volume '" + v.name() + "'" + how + shown, v,
            x -> x.resize(bytes, f.toArray(new StorageVolResizeFlag[0])));
        out().println("Size of volume '" + v.name() + "' successfully changed" + how + shown);
    }
}
