package io.jvirt.shell.command;

import static io.jvirt.api.domain.XmlEscape.attribute;
import static io.jvirt.api.domain.XmlEscape.text;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.VirtException;

/**
 * virsh's vol-create-as: the volume XML made from the arguments as cmdVolCreateAs writes it
 * (values escaped, unlike virsh: they are a user's input), the backing volume looked up as a name
 * in the pool, then as a key, then as a path.
 */
@Command(scope = "virt", name = "vol-create-as", description = "create a volume from a set of args")
@Service
public class VolCreateAs extends PoolCommand {

    @Argument(index = 1, name = "name", description = "name of the volume", required = true)
    String name;
    @Argument(index = 2, name = "capacity", description = "size of the vol, as scaled integer (default bytes)", required = true)
    String capacity;
    @Argument(index = 3, name = "rest", description = "allocation, format, backing-vol, backing-vol-format by position",
        multiValued = true)
    List<String> rest = new ArrayList<>();
    @Option(name = "--allocation", description = "initial allocation size, as scaled integer (default bytes)")
    String allocation;
    @Option(name = "--format", description = "file format type raw,bochs,qcow,qcow2,qed,vmdk")
    String format;
    @Option(name = "--backing-vol", description = "the backing volume if taking a snapshot")
    String backingVol;
    @Option(name = "--backing-vol-format", description = "format of backing volume if taking a snapshot")
    String backingVolFormat;
    @Option(name = "--prealloc-metadata", description = "preallocate metadata (for qcow2 instead of full allocation)")
    boolean preallocMetadata;
    @Option(name = "--print-xml", description = "print XML document, but don't define/create")
    boolean printXml;

    @Override
    protected void run() throws Exception {
        positional();
        StoragePool p = lookupPool();
        long cap = StorageSizes.parseVolSize(capacity);
        long alloc = allocation == null ? 0 : StorageSizes.parseVolSize(allocation);
        StringBuilder b = new StringBuilder("<volume>\n");
        b.append("  <name>").append(text(name)).append("</name>\n");
        b.append("  <capacity>").append(StorageSizes.bytes(cap)).append("</capacity>\n");
        if (allocation != null) {
            b.append("  <allocation>").append(StorageSizes.bytes(alloc)).append("</allocation>\n");
        }
        if (format != null) {
            b.append("  <target>\n    <format type='").append(attribute(format)).append("'/>\n  </target>\n");
        }
        if (backingVol != null) {
            String path;
            try {
                path = backing(p).path();
            } catch (VirtException e) {
                throw failure(null, e);
            }
            b.append("  <backingStore>\n    <path>").append(text(path)).append("</path>\n");
            if (backingVolFormat != null) {
                b.append("    <format type='").append(attribute(backingVolFormat)).append("'/>\n");
            }
            b.append("  </backingStore>\n");
        }
        b.append("</volume>\n");
        if (printXml) {
            out().print(b);
            return;
        }
        StorageVolCreateFlag[] flags = preallocMetadata
            ? new StorageVolCreateFlag[] {StorageVolCreateFlag.PREALLOC_METADATA} : new StorageVolCreateFlag[0];
        try {
            p.createVolumeXml(b.toString(), flags);
        } catch (VirtException e) {
            throw failure("Failed to create vol " + name, e);
        }
        out().println("Vol " + name + " created");
    }

    /**
     * The words after the capacity: options (virsh takes them anywhere: {@link VirshWords}), then
     * the plain words fill --allocation, --format, --backing-vol, --backing-vol-format not given, in order.
     */
    private void positional() throws Exception {
        java.util.Map<String, java.util.function.Consumer<String>> valued = new java.util.HashMap<>();
        valued.put("allocation", v -> allocation = v);
        valued.put("format", v -> format = v);
        valued.put("backing-vol", v -> backingVol = v);
        valued.put("backing-vol-format", v -> backingVolFormat = v);
        java.util.Map<String, Runnable> flags = new java.util.HashMap<>();
        flags.put("prealloc-metadata", () -> preallocMetadata = true);
        flags.put("print-xml", () -> printXml = true);
        for (String word : VirshWords.parse("vol-create-as", rest, valued, flags)) {
            if (allocation == null) {
                allocation = word;
            } else if (format == null) {
                format = word;
            } else if (backingVol == null) {
                backingVol = word;
            } else if (backingVolFormat == null) {
                backingVolFormat = word;
            } else {
                throw failure("unexpected data '" + word + "'");
            }
        }
    }

    /** The backing volume: a name in the pool, then a key, then a path; virsh's error with the last lookup's. */
    private StorageVol backing(StoragePool p) throws Exception {
        VirtException last = null;
        try {
            return p.lookupVolumeByName(backingVol);
        } catch (VirtException e) {
            last = e;
        }
        try {
            return connection().lookupStorageVolByKey(backingVol);
        } catch (VirtException e) {
            last = e;
        }
        try {
            return connection().lookupStorageVolByPath(backingVol);
        } catch (VirtException e) {
            last = e;
        }
        throw failure("failed to get vol '" + backingVol + "'", last);
    }
}
