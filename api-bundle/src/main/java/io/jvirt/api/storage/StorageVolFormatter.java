package io.jvirt.api.storage;

import io.jvirt.api.storage.StorageVolDef.Encryption;
import io.jvirt.api.storage.StorageVolDef.Target;
import io.jvirt.api.storage.StorageVolDef.Timestamp;
import io.jvirt.api.storage.StorageVolDef.VolExtent;
import io.jvirt.api.xml.XmlOut;

/** virStorageVolDefFormat: libvirt's element order. */
final class StorageVolFormatter {

    private StorageVolFormatter() {
    }

    static String format(StoragePoolType pool, StorageVolDef def) {
        XmlOut out = new XmlOut();
        out.open(0, "volume").attr("type", def.type().label()).body();
        out.leaf(1, "name", def.name());
        out.leaf(1, "key", def.key());
        if (!def.extents().isEmpty()) {
            out.open(1, "source").body();
            String current = null;
            for (VolExtent e : def.extents()) {
                if (current == null || !current.equals(e.path())) {
                    if (current != null) {
                        out.close(2, "device");
                    }
                    out.open(2, "device").attr("path", e.path()).body();
                    current = e.path();
                }
                out.open(3, "extent").attr("start", Long.toUnsignedString(e.start()))
                    .attr("end", Long.toUnsignedString(e.end())).end();
            }
            out.close(2, "device");
            out.close(1, "source");
        }
        out.open(1, "capacity").attr("unit", "bytes").text("capacity", Long.toUnsignedString(def.capacity()));
        out.open(1, "allocation").attr("unit", "bytes").text("allocation", Long.toUnsignedString(def.allocation()));
        if (def.physical() != 0) {
            out.open(1, "physical").attr("unit", "bytes").text("physical", Long.toUnsignedString(def.physical()));
        }
        target(out, pool, def.target(), "target");
        if (def.backingStore() != null) {
            target(out, pool, def.backingStore(), "backingStore");
        }
        out.close(0, "volume");
        return out.toString();
    }

    /** virStorageVolTargetDefFormat. */
    private static void target(XmlOut out, StoragePoolType pool, Target t, String element) {
        out.open(1, element).body();
        out.leaf(2, "path", t.path());
        if (pool.volFormats() != null && t.format() != null) {
            out.open(2, "format").attr("type", t.format()).end();
        }
        StorageXmlSupport.formatPerms(out, 2, t.permissions());
        if (t.timestamps() != null) {
            out.open(2, "timestamps").body();
            timestamp(out, "atime", t.timestamps().atime());
            timestamp(out, "mtime", t.timestamps().mtime());
            timestamp(out, "ctime", t.timestamps().ctime());
            timestamp(out, "btime", t.timestamps().btime());
            out.close(2, "timestamps");
        }
        if (t.encryption() != null) {
            encryption(out, t.encryption());
        }
        out.leaf(2, "compat", t.compat());
        if (t.clusterSize() != 0) {
            out.open(2, "clusterSize").attr("unit", "B").text("clusterSize", Long.toUnsignedString(t.clusterSize()));
        }
        if (t.features() != null) {
            if (t.features().isEmpty()) {
                out.open(2, "features").end();
            } else {
                out.open(2, "features").body();
                for (String f : t.features()) {
                    out.open(3, f).end();
                }
                out.close(2, "features");
            }
        }
        out.close(1, element);
    }

    private static void timestamp(XmlOut out, String name, Timestamp ts) {
        if (ts == null) {
            return;
        }
        String text = Long.toUnsignedString(ts.seconds());
        if (ts.nanos() != 0) {
            text += String.format(".%09d", ts.nanos());
        }
        out.leaf(3, name, text);
    }

    /** virStorageEncryptionFormat. */
    private static void encryption(XmlOut out, Encryption e) {
        out.open(2, "encryption").attr("format", e.format()).attr("engine", e.engine()).body();
        for (SecretRef s : e.secrets()) {
            StorageXmlSupport.formatSecret(out, 3, new SecretRef("passphrase", s.uuid(), s.usage()));
        }
        if (e.format().equals("luks") && e.cipher() != null) {
            out.open(3, "cipher").attr("name", e.cipher().name()).attr("size", e.cipher().size())
                .attr("mode", e.cipher().mode()).attr("hash", e.cipher().hash()).end();
            if (e.ivgen() != null) {
                out.open(3, "ivgen").attr("name", e.ivgen().name()).attr("hash", e.ivgen().hash()).end();
            }
        }
        out.close(2, "encryption");
    }
}
