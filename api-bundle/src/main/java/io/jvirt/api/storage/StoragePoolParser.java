package io.jvirt.api.storage;

import static io.jvirt.api.storage.StorageXmlSupport.all;
import static io.jvirt.api.storage.StorageXmlSupport.allNs;
import static io.jvirt.api.storage.StorageXmlSupport.child;
import static io.jvirt.api.storage.StorageXmlSupport.prop;
import static io.jvirt.api.storage.StorageXmlSupport.text;
import static io.jvirt.api.storage.StorageXmlSupport.unsupported;
import static io.jvirt.api.storage.StorageXmlSupport.xml;
import static io.jvirt.api.storage.StorageXmlSupport.xpathAttr;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.PciAddressXml;
import io.jvirt.api.domain.LibvirtUuids;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.storage.StoragePoolDef.Adapter;
import io.jvirt.api.storage.StoragePoolDef.Auth;
import io.jvirt.api.storage.StoragePoolDef.ConfigOption;
import io.jvirt.api.storage.StoragePoolDef.Device;
import io.jvirt.api.storage.StoragePoolDef.Host;
import io.jvirt.api.storage.StoragePoolDef.ParentAddress;
import io.jvirt.api.storage.StoragePoolDef.Source;
import io.jvirt.api.storage.StoragePoolDef.Target;

/**
 * virStoragePoolDefParseXML and its helpers (virStoragePoolDefParseSource, virStorageAdapterParseXML
 * and virStorageAdapterValidate, virStorageAuthDefParse, the fs and rbd namespaces): libvirt's
 * checks in libvirt's order, so the first error reported is libvirt's. Like libvirt it ignores
 * elements it does not know; the RelaxNG schema is what refuses them.
 */
final class StoragePoolParser {

    private StoragePoolParser() {
    }

    static StoragePoolDef parse(XmlElement root) {
        requireRoot(root, "pool");
        String typeText = prop(root, "type");
        if (typeText == null) {
            throw StorageXmlSupport.missingAttr(root, "type");
        }
        StoragePoolType type = StoragePoolType.ofLabel(typeText);
        if (type == null) {
            throw StorageXmlSupport.invalidAttr(root, "type", typeText);
        }
        XmlElement sourceNode = child(root, "source");
        SourceBuilder src = sourceNode != null ? source(sourceNode, type) : new SourceBuilder(type.defaultPoolFormat());

        String name = text(child(root, "name"));
        if (name == null && type.uses(StoragePoolType.Source.NAME)) {
            name = src.name;
        }
        if (name == null) {
            throw xml("missing pool source name element");
        }
        if (name.indexOf('/') >= 0) {
            throw xml("name " + name + " cannot contain '/'");
        }
        String uuidText = text(child(root, "uuid"));
        UUID uuid;
        if (uuidText == null) {
            uuid = UUID.randomUUID();
        } else {
            uuid = LibvirtUuids.parse(uuidText);
            if (uuid == null) {
                throw xml("malformed uuid element");
            }
        }
        Boolean cow = StorageXmlSupport.tristateBool(child(root, "features", "cow"), "state");
        if (cow != null && type != StoragePoolType.FS && type != StoragePoolType.DIR) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.STORAGE,
                "cow feature may only be used for 'fs' and 'dir' pools");
        }
        if (type.uses(StoragePoolType.Source.HOST) && src.hosts.isEmpty()) {
            throw xml("missing storage pool source host name");
        }
        if (type.uses(StoragePoolType.Source.DIR) && src.dir == null) {
            throw xml("missing storage pool source path");
        }
        if (type.uses(StoragePoolType.Source.NAME) && src.name == null) {
            // the source name defaults to the pool's
            src.name = name;
        }
        if (type.uses(StoragePoolType.Source.ADAPTER)) {
            validateAdapter(src.adapter);
        }
        // when the device is the only source part of the type, it is required
        if (type.sourceFlags() == StoragePoolType.Source.DEVICE && src.devices.isEmpty()) {
            throw xml("missing storage pool source device name");
        }
        Target target = null;
        if (!type.uses(StoragePoolType.Source.NETWORK)) {
            String path;
            if (type == StoragePoolType.LOGICAL) {
                path = "/dev/" + src.name;
            } else if (type == StoragePoolType.ZFS) {
                path = "/dev/zvol/" + src.name;
            } else {
                path = text(child(root, "target", "path"));
                if (path == null) {
                    throw xml("missing storage pool target path");
                }
            }
            target = new Target(StorageXmlSupport.sanitizePath(path),
                StorageXmlSupport.perms(child(root, "target", "permissions")));
        }
        if (type == StoragePoolType.ISCSI_DIRECT && src.initiatorIqn == null) {
            throw unsupported("missing initiator IQN");
        }
        String refresh = xpathAttr(child(root, "refresh", "volume"), "allocation");
        if (refresh != null && !refresh.equals("default") && !refresh.equals("capacity")) {
            throw unsupported("unknown storage pool volume refresh allocation type " + refresh);
        }
        List<String> mountOptions = List.of();
        List<ConfigOption> rbdOptions = List.of();
        if (type == StoragePoolType.FS || type == StoragePoolType.NETFS) {
            mountOptions = mountOptions(root);
        } else if (type == StoragePoolType.RBD) {
            rbdOptions = rbdOptions(root);
        }
        return new StoragePoolDef(type, name, uuid, 0, 0, 0, cow, src.build(), target, refresh, mountOptions, rbdOptions);
    }

    static void requireRoot(XmlElement root, String name) {
        if (root.namespaceUri() != null || !name.equals(root.name())) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                "expecting root element of '" + name + "', not '" + root.localName() + "'");
        }
    }

    /** What {@code <source>} says, filled in as libvirt fills its virStoragePoolSource. */
    static final class SourceBuilder {
        List<Host> hosts = List.of();
        List<Device> devices = List.of();
        String dir;
        Adapter adapter;
        String name;
        String format;
        Auth auth;
        String initiatorIqn;
        String protocolVer;
        String vendor;
        String product;

        SourceBuilder(String format) {
            this.format = format;
        }

        Source build() {
            return new Source(hosts, devices, dir, adapter, name, format, auth, initiatorIqn, protocolVer, vendor, product);
        }
    }

    /** virStoragePoolDefParseSource. */
    static SourceBuilder source(XmlElement node, StoragePoolType type) {
        SourceBuilder s = new SourceBuilder(null);
        s.name = text(child(node, "name"));
        if (type == StoragePoolType.RBD && s.name == null) {
            throw xml("element 'name' is mandatory for RBD pool");
        }
        int formatIndex = 0;
        if (type.poolFormats() != null) {
            String format = xpathAttr(child(node, "format"), "type");
            if (format == null) {
                s.format = type.defaultPoolFormat();
            } else if (type.poolFormats().contains(format)) {
                s.format = format;
            } else {
                throw unsupported("unknown pool format type " + format);
            }
            formatIndex = type.poolFormats().indexOf(s.format);
        }
        List<Host> hosts = new ArrayList<>();
        for (XmlElement h : all(node, "host")) {
            String hostName = prop(h, "name");
            if (hostName == null) {
                throw xml("missing storage pool host name");
            }
            hosts.add(new Host(hostName, StorageXmlSupport.intProp(h, "port", 0)));
        }
        s.hosts = hosts;
        s.initiatorIqn = xpathAttr(child(node, "initiator", "iqn"), "name");
        List<Device> devices = new ArrayList<>();
        for (XmlElement d : all(node, "device")) {
            String path = prop(d, "path");
            if (path == null) {
                throw xml("missing storage pool source device path");
            }
            devices.add(new Device(path, StorageXmlSupport.tristateBool(d, "part_separator"), List.of()));
        }
        s.devices = devices;
        String dir = xpathAttr(child(node, "dir"), "path");
        if (dir != null) {
            s.dir = StorageXmlSupport.sanitizePath(dir);
        }
        if (s.dir == null && type == StoragePoolType.GLUSTER) {
            // in gluster, a missing dir defaults to "/"
            s.dir = "/";
        }
        XmlElement adapterNode = child(node, "adapter");
        if (adapterNode != null) {
            s.adapter = adapter(adapterNode);
        }
        XmlElement authNode = child(node, "auth");
        if (authNode != null) {
            Auth auth = auth(authNode);
            if (auth.type() == null) {
                throw unsupported("storage pool missing auth type");
            }
            s.auth = auth;
        }
        s.protocolVer = xpathAttr(child(node, "protocol"), "ver");
        if (s.protocolVer != null) {
            // libvirt compares the format's number with netfs's auto (0) and nfs (1), whatever the type
            if (formatIndex != 0 && formatIndex != 1) {
                String shown = formatIndex < StorageFormats.NETFS.size() ? StorageFormats.NETFS.get(formatIndex) : "(null)";
                throw unsupported("storage pool protocol ver unsupported for pool type '" + shown + "'");
            }
            if (s.protocolVer.indexOf(',') >= 0) {
                throw new VirtException(ErrorCode.XML_DETAIL, ErrorDomain.STORAGE,
                    "storage pool protocol ver '" + s.protocolVer + "' must not contain ','");
            }
        }
        s.vendor = xpathAttr(child(node, "vendor"), "name");
        s.product = xpathAttr(child(node, "product"), "name");
        return s;
    }

    /** virStorageAuthDefParse: the auth type is checked by the caller (a pool requires one). */
    private static Auth auth(XmlElement node) {
        String username = xpathAttr(node, "username");
        if (username == null) {
            throw xml("missing username for auth");
        }
        String type = xpathAttr(node, "type");
        if (type != null && !type.equals("chap") && !type.equals("ceph")) {
            if (type.equals("none")) {
                type = null;
            } else {
                throw unsupported("unknown auth type '" + type + "'");
            }
        }
        XmlElement secret = child(node, "secret");
        if (secret == null) {
            throw xml("Missing <secret> element in auth");
        }
        return new Auth(type, username, StorageXmlSupport.secret(secret));
    }

    // ---- adapter (storage_adapter_conf.c) ----

    private static Adapter adapter(XmlElement node) {
        String type = prop(node, "type");
        if (type == null) {
            return legacyAdapter(node);
        }
        if (!type.equals("scsi_host") && !type.equals("fc_host")) {
            // "default" is number 0, which VIR_XML_PROP_NONZERO refuses as an unknown word
            throw StorageXmlSupport.invalidAttr(node, "type", type);
        }
        if (type.equals("fc_host")) {
            return new Adapter(type, null, null, StorageXmlSupport.tristateBool(node, "managed"), prop(node, "parent"),
                prop(node, "parent_wwnn"), prop(node, "parent_wwpn"), prop(node, "parent_fabric_wwn"),
                prop(node, "wwnn"), prop(node, "wwpn"));
        }
        String name = prop(node, "name");
        ParentAddress parent = null;
        XmlElement parentNode = child(node, "parentaddr");
        if (parentNode != null) {
            XmlElement addr = child(parentNode, "address");
            if (addr == null) {
                throw xml("Missing scsi_host PCI address element");
            }
            long[] pci = pciAddress(addr);
            String uid = xpathAttr(parentNode, "unique_id");
            Integer uniqueId = uid == null ? null : LibvirtNumbers.i(uid);
            if (uniqueId == null || uniqueId < 0) {
                throw xml("Missing or invalid scsi adapter 'unique_id' value");
            }
            parent = new ParentAddress(uniqueId, pci[0], pci[1], pci[2], pci[3]);
        }
        return new Adapter(type, name, parent, null, null, null, null, null, null, null);
    }

    /** An adapter without a type: only the old {@code name} form is allowed. */
    private static Adapter legacyAdapter(XmlElement node) {
        if (prop(node, "wwnn") != null || prop(node, "wwpn") != null || prop(node, "parent") != null) {
            throw xml("Use of 'wwnn', 'wwpn', and 'parent' attributes requires use of the adapter 'type'");
        }
        if (child(node, "parentaddr") != null) {
            throw xml("Use of 'parentaddr' element requires use of the adapter 'type'");
        }
        String name = prop(node, "name");
        return name == null ? null : new Adapter("scsi_host", name, null, null, null, null, null, null, null, null);
    }

    /** virPCIDeviceAddressParseXML. */
    private static long[] pciAddress(XmlElement a) {
        PciAddressXml p = PciAddressXml.read(a);
        return new long[] {p.domain(), p.bus(), p.slot(), p.function()};
    }

    /** virStorageAdapterValidate (for the pool types whose source is an adapter). */
    private static void validateAdapter(Adapter a) {
        if (a == null) {
            throw xml("missing storage pool source adapter");
        }
        if (a.type().equals("fc_host")) {
            if (a.wwnn() == null || a.wwpn() == null) {
                throw xml("'wwnn' and 'wwpn' must be specified for adapter type 'fchost'");
            }
            validateWwn(a.wwnn());
            validateWwn(a.wwpn());
            if (a.parentWwnn() != null && a.parentWwpn() == null) {
                throw xml("when providing parent_wwnn='" + a.parentWwnn() + "', the parent_wwpn must also be provided");
            }
            if (a.parentWwnn() == null && a.parentWwpn() != null) {
                throw xml("when providing parent_wwpn='" + a.parentWwpn() + "', the parent_wwnn must also be provided");
            }
            if (a.parentWwnn() != null) {
                validateWwn(a.parentWwnn());
            }
            if (a.parentWwpn() != null) {
                validateWwn(a.parentWwpn());
            }
            if (a.parentFabricWwn() != null) {
                validateWwn(a.parentFabricWwn());
            }
        } else {
            if (a.name() == null && a.parentAddr() == null) {
                throw xml("Either 'name' or 'parent' must be specified for the 'scsi_host' adapter");
            }
            if (a.name() != null && a.parentAddr() != null) {
                throw xml("Both 'name' and 'parent' cannot be specified for the 'scsi_host' adapter");
            }
        }
    }

    /** virValidateWWN: 16 hex digits, optionally after "0x". */
    private static void validateWwn(String wwn) {
        String p = wwn.startsWith("0x") ? wwn.substring(2) : wwn;
        boolean ok = p.length() == 16;
        for (int i = 0; ok && i < p.length(); i++) {
            ok = LibvirtNumbers.isHexDigit(p.charAt(i));
        }
        if (!ok) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, "Malformed wwn: " + wwn);
        }
    }

    // ---- backend namespaces ----

    /** The fs backend's {@code <fs:mount_opts><fs:option name=/>}. */
    private static List<String> mountOptions(XmlElement root) {
        List<String> out = new ArrayList<>();
        for (XmlElement opts : allNs(root, StoragePoolDef.FS_NAMESPACE, "mount_opts")) {
            for (XmlElement o : allNs(opts, StoragePoolDef.FS_NAMESPACE, "option")) {
                String name = prop(o, "name");
                if (name == null) {
                    throw xml("no fs mount option name specified");
                }
                out.add(name);
            }
        }
        return out;
    }

    /** The rbd backend's {@code <rbd:config_opts><rbd:option name= value=/>}. */
    private static List<ConfigOption> rbdOptions(XmlElement root) {
        List<ConfigOption> out = new ArrayList<>();
        for (XmlElement opts : allNs(root, StoragePoolDef.RBD_NAMESPACE, "config_opts")) {
            for (XmlElement o : allNs(opts, StoragePoolDef.RBD_NAMESPACE, "option")) {
                String name = prop(o, "name");
                if (name == null) {
                    throw xml("no rbd option name specified");
                }
                if (name.isEmpty()) {
                    throw xml("empty rbd option name specified");
                }
                String value = prop(o, "value");
                if (value == null) {
                    throw xml("no rbd option value specified for name '" + name + "'");
                }
                if (value.isEmpty()) {
                    throw xml("empty rbd option value specified for name '" + name + "'");
                }
                out.add(new ConfigOption(name, value));
            }
        }
        return out;
    }
}
