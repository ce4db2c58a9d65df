package io.jvirt.api.storage;

import static io.jvirt.api.storage.StorageXmlSupport.all;
import static io.jvirt.api.storage.StorageXmlSupport.child;
import static io.jvirt.api.storage.StorageXmlSupport.prop;
import static io.jvirt.api.storage.StorageXmlSupport.text;
import static io.jvirt.api.storage.StorageXmlSupport.unsupported;
import static io.jvirt.api.storage.StorageXmlSupport.xml;
import static io.jvirt.api.storage.StorageXmlSupport.xpathAttr;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.StorageVolType;
import io.jvirt.api.VirtException;
import io.jvirt.api.domain.LibvirtNumbers;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.storage.StorageVolDef.Cipher;
import io.jvirt.api.storage.StorageVolDef.Encryption;
import io.jvirt.api.storage.StorageVolDef.Ivgen;
import io.jvirt.api.storage.StorageVolDef.Target;

/**
 * virStorageVolDefParseXML and virStorageEncryptionParseNode: libvirt's checks in libvirt's order.
 * What a volume's format may be depends on the pool it is in, as in libvirt.
 */
final class StorageVolParser {

    private static final List<String> ENCRYPTION_FORMATS = List.of("default", "qcow", "luks", "luks2");
    private static final List<String> ENCRYPTION_ENGINES = List.of("default", "qemu", "librbd");

    private StorageVolParser() {
    }

    static StorageVolDef parse(StoragePoolType pool, XmlElement root, boolean noCapacity, boolean optCapacity) {
        StoragePoolParser.requireRoot(root, "volume");
        String name = text(child(root, "name"));
        if (name == null) {
            throw xml("missing volume name element");
        }
        // normally a pool's refresh says these; the XML may carry them (libvirt's tests do)
        String key = text(child(root, "key"));
        StorageVolType type = StorageVolType.FILE;
        String typeText = xpathAttr(root, "type");
        if (typeText != null) {
            type = StorageVolType.ofLabel(typeText);
            if (type == null) {
                throw unsupported("unknown volume type '" + typeText + "'");
            }
        }
        Target backing = null;
        String backingPath = text(child(root, "backingStore", "path"));
        if (backingPath != null) {
            String format = format(pool, child(root, "backingStore", "format"));
            backing = new Target(backingPath, format,
                StorageXmlSupport.perms(child(root, "backingStore", "permissions")), null, null, null, false, 0, null);
        }
        long capacity = 0;
        XmlElement capacityNode = child(root, "capacity");
        String capacityText = text(capacityNode);
        if (capacityText != null) {
            capacity = StorageXmlSupport.size(xpathAttr(capacityNode, "unit"), capacityText);
        } else if (!noCapacity && !(optCapacity && backing != null)) {
            throw xml("missing capacity element");
        }
        long allocation = capacity;
        boolean hasAllocation = false;
        XmlElement allocationNode = child(root, "allocation");
        String allocationText = text(allocationNode);
        if (allocationText != null) {
            allocation = StorageXmlSupport.size(xpathAttr(allocationNode, "unit"), allocationText);
            hasAllocation = true;
        }
        XmlElement targetNode = child(root, "target");
        String path = text(child(targetNode, "path"));
        String format = format(pool, child(targetNode, "format"));
        StoragePermissions perms = StorageXmlSupport.perms(child(targetNode, "permissions"));
        XmlElement encNode = child(targetNode, "encryption");
        Encryption encryption = encNode == null ? null : encryption(encNode);
        String compat = text(child(targetNode, "compat"));
        checkCompat(compat);
        boolean nocow = child(targetNode, "nocow") != null;
        long clusterSize = clusterSize(child(targetNode, "clusterSize"));
        List<String> features = null;
        XmlElement featuresNode = child(targetNode, "features");
        if (featuresNode != null) {
            if (compat == null) {
                compat = "1.1";
            }
            boolean[] set = new boolean[StorageFormats.FEATURES.size()];
            for (XmlElement f : featuresNode.children()) {
                int i = StorageFormats.FEATURES.indexOf(f.localName());
                if (i < 0) {
                    throw unsupported("unsupported feature " + f.localName());
                }
                set[i] = true;
            }
            features = new ArrayList<>();
            for (int i = 0; i < set.length; i++) {
                if (set[i]) {
                    features.add(StorageFormats.FEATURES.get(i));
                }
            }
        }
        Target target = new Target(path, format, perms, null, encryption, compat, nocow, clusterSize, features);
        return new StorageVolDef(name, key, type, capacity, allocation, hasAllocation, 0, List.of(), target, backing);
    }

    /** The format of a target or backing store: the pool type's default when absent, null when the type has none. */
    private static String format(StoragePoolType pool, XmlElement formatNode) {
        if (pool.volFormats() == null) {
            return null;
        }
        String format = xpathAttr(formatNode, "type");
        if (format == null) {
            return pool.defaultVolFormat();
        }
        if (!pool.isVolFormat(format)) {
            throw unsupported("unknown volume format type " + format);
        }
        return format;
    }

    /** virStorageCheckCompat: "N.M", both parts unsigned numbers. */
    private static void checkCompat(String compat) {
        if (compat == null) {
            return;
        }
        int dot = compat.indexOf('.');
        if (dot < 0 || LibvirtNumbers.ui(compat.substring(0, dot)) == null
            || LibvirtNumbers.ui(compat.substring(dot + 1)) == null) {
            throw xml("forbidden characters in 'compat' attribute");
        }
    }

    /** virParseScaledValue("./target/clusterSize", "./target/clusterSize/@unit", 1, ULLONG_MAX, optional). */
    private static long clusterSize(XmlElement node) {
        String text = text(node);
        if (text == null) {
            return 0;
        }
        Long n = LibvirtNumbers.ullp(text);
        if (n == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML,
                "Invalid value '" + text + "' for element or attribute './target/clusterSize'");
        }
        return StorageXmlSupport.scale(n, xpathAttr(node, "unit"), -1L);
    }

    /** virStorageEncryptionParseNode: the secrets are references and are kept. */
    private static Encryption encryption(XmlElement node) {
        String format = xpathAttr(node, "format");
        if (format == null) {
            throw xml("unknown volume encryption format");
        }
        if (!ENCRYPTION_FORMATS.contains(format)) {
            throw unsupported("unknown volume encryption format type " + format);
        }
        String engine = prop(node, "engine");
        if (engine != null && (!ENCRYPTION_ENGINES.contains(engine) || engine.equals("default"))) {
            throw StorageXmlSupport.invalidAttr(node, "engine", engine);
        }
        List<SecretRef> secrets = new ArrayList<>();
        for (XmlElement s : all(node, "secret")) {
            String type = xpathAttr(s, "type");
            if (type == null) {
                throw xml("unknown volume encryption secret type");
            }
            if (!type.equals("passphrase")) {
                throw unsupported("unknown volume encryption secret type " + type);
            }
            secrets.add(StorageXmlSupport.secret(s));
        }
        Cipher cipher = null;
        Ivgen ivgen = null;
        if (format.equals("luks")) {
            XmlElement c = child(node, "cipher");
            if (c != null) {
                String name = prop(c, "name");
                if (name == null) {
                    throw xml("cipher info missing 'name' attribute");
                }
                String size = prop(c, "size");
                if (size == null) {
                    throw StorageXmlSupport.missingAttr(c, "size");
                }
                Long n = LibvirtNumbers.uip(size);
                if (n == null) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.XML, "Invalid value for attribute 'size' in element '"
                        + c.name() + "': '" + size + "'. Expected non-negative integer value");
                }
                cipher = new Cipher(name, n, prop(c, "mode"), prop(c, "hash"));
            }
            XmlElement iv = child(node, "ivgen");
            if (iv != null) {
                if (cipher == null) {
                    throw xml("ivgen element found, but cipher is missing");
                }
                String name = prop(iv, "name");
                if (name == null) {
                    throw xml("missing ivgen info name string");
                }
                ivgen = new Ivgen(name, prop(iv, "hash"));
            }
        }
        return new Encryption(format, engine, secrets, cipher, ivgen);
    }
}
