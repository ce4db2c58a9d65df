package io.jvirt.api.storage;

import io.jvirt.api.storage.StoragePoolDef.Adapter;
import io.jvirt.api.storage.StoragePoolDef.Device;
import io.jvirt.api.storage.StoragePoolDef.Extent;
import io.jvirt.api.storage.StoragePoolDef.Host;
import io.jvirt.api.storage.StoragePoolDef.Source;
import io.jvirt.api.xml.XmlOut;

/** virStoragePoolDefFormatBuf: libvirt's element order; a source part only for the types that use it. */
final class StoragePoolFormatter {

    private StoragePoolFormatter() {
    }

    static String format(StoragePoolDef def) {
        XmlOut out = new XmlOut();
        out.open(0, "pool").attr("type", def.type().label());
        if (!def.mountOptions().isEmpty()) {
            out.attr("xmlns:fs", StoragePoolDef.FS_NAMESPACE);
        }
        if (!def.rbdConfigOptions().isEmpty()) {
            out.attr("xmlns:rbd", StoragePoolDef.RBD_NAMESPACE);
        }
        out.body();
        out.leaf(1, "name", def.name());
        out.leaf(1, "uuid", def.uuid().toString());
        out.open(1, "capacity").attr("unit", "bytes").text("capacity", Long.toUnsignedString(def.capacity()));
        out.open(1, "allocation").attr("unit", "bytes").text("allocation", Long.toUnsignedString(def.allocation()));
        out.open(1, "available").attr("unit", "bytes").text("available", Long.toUnsignedString(def.available()));
        if (def.cow() != null) {
            out.open(1, "features").body();
            out.open(2, "cow").yesNo("state", def.cow()).end();
            out.close(1, "features");
        }
        source(out, 1, def.type(), def.source());
        if (def.type().hasTarget() && def.target() != null) {
            out.open(1, "target").body();
            out.leaf(2, "path", def.target().path());
            StorageXmlSupport.formatPerms(out, 2, def.target().permissions());
            out.close(1, "target");
        }
        if (def.refreshAllocation() != null) {
            out.open(1, "refresh").body();
            out.open(2, "volume").attr("allocation", def.refreshAllocation()).end();
            out.close(1, "refresh");
        }
        if (!def.mountOptions().isEmpty()) {
            out.open(1, "fs:mount_opts").body();
            for (String o : def.mountOptions()) {
                out.open(2, "fs:option").attr("name", o).end();
            }
            out.close(1, "fs:mount_opts");
        }
        if (!def.rbdConfigOptions().isEmpty()) {
            out.open(1, "rbd:config_opts").body();
            for (StoragePoolDef.ConfigOption o : def.rbdConfigOptions()) {
                out.open(2, "rbd:option").attr("name", o.name()).attr("value", o.value()).end();
            }
            out.close(1, "rbd:config_opts");
        }
        out.close(0, "pool");
        return out.toString();
    }

    /** virStoragePoolSourceFormat (also the body of each {@code <source>} of a sources list). */
    static void source(XmlOut out, int level, StoragePoolType type, Source src) {
        int in = level + 1;
        out.open(level, "source").body();
        if (type.uses(StoragePoolType.Source.HOST)) {
            for (Host h : src.hosts()) {
                out.open(in, "host").attr("name", h.name()).attr("port", h.port() == 0 ? null : h.port()).end();
            }
        }
        if (type.uses(StoragePoolType.Source.DEVICE)) {
            for (Device d : src.devices()) {
                out.open(in, "device").attr("path", d.path()).yesNo("part_separator", d.partSeparator());
                if (d.freeExtents().isEmpty()) {
                    out.end();
                } else {
                    out.body();
                    for (Extent e : d.freeExtents()) {
                        out.open(in + 1, "freeExtent").attr("start", Long.toUnsignedString(e.start()))
                            .attr("end", Long.toUnsignedString(e.end())).end();
                    }
                    out.close(in, "device");
                }
            }
        }
        if (type.uses(StoragePoolType.Source.DIR) && src.dir() != null) {
            out.open(in, "dir").attr("path", src.dir()).end();
        }
        if (type.uses(StoragePoolType.Source.ADAPTER) && src.adapter() != null) {
            adapter(out, in, src.adapter());
        }
        if (type.uses(StoragePoolType.Source.NAME)) {
            out.leaf(in, "name", src.name());
        }
        if (type.uses(StoragePoolType.Source.INITIATOR_IQN) && src.initiatorIqn() != null) {
            out.open(in, "initiator").body();
            out.open(in + 1, "iqn").attr("name", src.initiatorIqn()).end();
            out.close(in, "initiator");
        }
        if (type.poolFormats() != null && src.format() != null) {
            out.open(in, "format").attr("type", src.format()).end();
        }
        if (src.auth() != null) {
            out.open(in, "auth").attr("type", src.auth().type()).attr("username", src.auth().username()).body();
            StorageXmlSupport.formatSecret(out, in + 1, src.auth().secret());
            out.close(in, "auth");
        }
        if (src.protocolVer() != null) {
            out.open(in, "protocol").attr("ver", src.protocolVer()).end();
        }
        if (src.vendor() != null) {
            out.open(in, "vendor").attr("name", src.vendor()).end();
        }
        if (src.product() != null) {
            out.open(in, "product").attr("name", src.product()).end();
        }
        out.close(level, "source");
    }

    /** virStorageAdapterFormat. */
    private static void adapter(XmlOut out, int level, Adapter a) {
        out.open(level, "adapter").attr("type", a.type());
        if (a.type().equals("fc_host")) {
            out.attr("parent", a.parent()).attr("parent_wwnn", a.parentWwnn()).attr("parent_wwpn", a.parentWwpn())
                .attr("parent_fabric_wwn", a.parentFabricWwn()).yesNo("managed", a.managed())
                .attr("wwnn", a.wwnn()).attr("wwpn", a.wwpn()).end();
            return;
        }
        if (a.name() != null) {
            out.attr("name", a.name()).end();
            return;
        }
        StoragePoolDef.ParentAddress p = a.parentAddr();
        out.body();
        out.open(level + 1, "parentaddr").attr("unique_id", p.uniqueId()).body();
        out.open(level + 2, "address").attr("domain", String.format("0x%04x", p.domain()))
            .attr("bus", String.format("0x%02x", p.bus())).attr("slot", String.format("0x%02x", p.slot()))
            .attr("function", "0x" + p.function()).end();
        out.close(level + 1, "parentaddr");
        out.close(level, "adapter");
    }
}
