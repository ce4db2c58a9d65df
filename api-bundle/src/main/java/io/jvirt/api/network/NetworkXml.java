package io.jvirt.api.network;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.XmlElement;
import io.jvirt.api.xml.SafeXmlReader;

/**
 * libvirt's network XML: {@link #parse} is virNetworkDefParse (with dnsmasq's namespace, as
 * libvirt's network driver registers it) and {@link #format} is virNetworkDefFormat.
 */
public final class NetworkXml {

    /** The largest document accepted (libvirt's limit). */
    public static final int MAX_CHARS = SafeXmlReader.MAX_CHARS;

    private NetworkXml() {
    }

    /**
     * Reads a network definition with libvirt's checks.
     *
     * @throws VirtException XML_ERROR for a document that is not well formed (or has a DTD, entity
     *                       references, excessive size or depth) and most invalid values, with
     *                       libvirt's codes and wording for the others (NO_NAME, CONFIG_UNSUPPORTED,
     *                       XML_DETAIL, INTERNAL_ERROR)
     */
    public static NetworkDef parse(String xml) {
        XmlElement root = SafeXmlReader.read(xml, "network_definition");
        return NetworkParser.parse(root);
    }

    /**
     * Writes a definition as libvirt does; {@code inactive} is VIR_NETWORK_XML_INACTIVE (the
     * persistent configuration rather than the running network's state).
     */
    public static String format(NetworkDef def, boolean inactive) {
        return NetworkFormatter.format(def, inactive);
    }
}
