package io.jvirt.shell.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jvirt.api.Domain;
import io.jvirt.api.XmlFlag;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.XmlElement;

/**
 * What virsh's list commands read from a domain's XML (domblklist, domiflist): the devices of one
 * kind, and virXPathString's answers on them. The document comes from the domain itself and is read
 * with the API's bounded reader.
 */
final class DomainDevicesXml {

    private DomainDevicesXml() {
    }

    /** The domain's {@code <devices>} children named {@code kind}, from its live or (inactive) defined XML. */
    static List<XmlElement> devices(Domain d, boolean inactive, String kind) {
        XmlElement root = DomainXml.readDocument(inactive ? d.xmlDesc(XmlFlag.INACTIVE) : d.xmlDesc());
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement devices : all(root, "devices")) {
            found.addAll(all(devices, kind));
        }
        return found;
    }

    /** The children of {@code e} named {@code name} (no namespace), in document order. */
    static List<XmlElement> all(XmlElement e, String name) {
        List<XmlElement> found = new ArrayList<>();
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() == null && c.name().equals(name)) {
                found.add(c);
            }
        }
        return found;
    }

    /** The first child of {@code e} named {@code name}, or null (also for a null {@code e}). */
    static XmlElement child(XmlElement e, String name) {
        if (e == null) {
            return null;
        }
        List<XmlElement> found = all(e, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * virXPathString of {@code string(./a/@x|./a/@y|...)}: the first of those attributes in document
     * order on {@code e}'s first child {@code child}, or null where there is none or it is empty (libvirt
     * answers NULL for an empty string).
     */
    static String firstAttribute(XmlElement e, String child, Set<String> names) {
        XmlElement c = child(e, child);
        if (c == null) {
            return null;
        }
        for (Map.Entry<String, String> a : c.attributes().entrySet()) {
            if (names.contains(a.getKey())) {
                return a.getValue().isEmpty() ? null : a.getValue();
            }
        }
        return null;
    }

    /** virXPathString of {@code string(./@name)}: null when absent or empty. */
    static String attribute(XmlElement e, String name) {
        String v = e == null ? null : e.attributes().get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** virsh's NULLSTR_MINUS. */
    static String orMinus(String s) {
        return s == null ? "-" : s;
    }
}
