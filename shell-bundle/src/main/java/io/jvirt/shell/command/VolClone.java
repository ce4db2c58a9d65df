package io.jvirt.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.jvirt.api.StoragePool;
import io.jvirt.api.StorageVol;
import io.jvirt.api.StorageVolCreateFlag;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlEscape;

/**
 * virsh's vol-clone: the volume's XML with the new name (virshMakeCloneXML sets /volume/name),
 * created from the volume in its own pool.
 */
@Command(scope = "virt", name = "vol-clone", description = "clone a volume.")
@Service
public class VolClone extends VolumeArgPoolCommand {

    @Argument(index = 1, name = "newname", description = "clone name", required = true)
    String newName;
    @Option(name = "--prealloc-metadata", description = "preallocate metadata (for qcow2 instead of full allocation)")
    boolean preallocMetadata;
    @Option(name = "--reflink", description = "use btrfs COW lightweight copy")
    boolean reflink;
    @Option(name = "--print-xml", description = "print XML document rather than clone the volume")
    boolean printXml;

    @Override
    protected void trailingOptions(java.util.Map<String, java.util.function.Consumer<String>> valued,
                                   java.util.Map<String, Runnable> flags) {
        flags.put("prealloc-metadata", () -> preallocMetadata = true);
        flags.put("reflink", () -> reflink = true);
        flags.put("print-xml", () -> printXml = true);
    }

    @Override
    protected void run() throws Exception {
        StorageVol orig = lookupVol();
        StoragePool origPool;
        try {
            origPool = connection().lookupStoragePoolByVolume(orig);
        } catch (VirtException e) {
            throw failure("failed to get parent pool", e);
        }
        String newXml = withName(orig.xmlDesc(), newName);
        if (newXml == null) {
            throw failure("Failed to allocate XML buffer");
        }
        if (printXml) {
            out().print(newXml);
            return;
        }
        java.util.List<StorageVolCreateFlag> f = new java.util.ArrayList<>();
        if (preallocMetadata) {
            f.add(StorageVolCreateFlag.PREALLOC_METADATA);
        }
        if (reflink) {
            f.add(StorageVolCreateFlag.REFLINK);
        }
        StorageVol created;
        try {
            created = origPool.createVolumeXmlFrom(newXml, orig, f.toArray(new StorageVolCreateFlag[0]));
        } catch (VirtException e) {
            throw failure("Failed to clone vol from " + orig.name(), e);
        }
        out().println("Vol " + created.name() + " cloned from " + orig.name());
    }

    /**
     * The volume XML (as a driver formats it: the volume's name is the root's first {@code <name>})
     * with {@code name} as its name; null when it has none.
     */
    static String withName(String xml, String name) {
        int root = xml.indexOf("<volume");
        int start = root < 0 ? -1 : xml.indexOf("<name>", root);
        int end = start < 0 ? -1 : xml.indexOf("</name>", start);
        if (end < 0) {
            return null;
        }
        return xml.substring(0, start) + "<name>" + XmlEscape.text(name) + xml.substring(end);
    }
}
