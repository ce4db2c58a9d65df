package io.jvirt.driver.hyperv;

import java.util.LinkedHashMap;
import java.util.Map;

import org.w3c.dom.Element;

import io.jvirt.core.kit.remote.XmlDom;

/**
 * A WS-Addressing endpoint reference to one WMI instance: the address, the resource URI and the
 * selectors of its reference parameters (what EnumerateEPR returns and a method's Job output names).
 */
record Epr(String address, String resourceUri, Map<String, String> selectors) {

    /** Reads {@code <wsa:EndpointReference>} or any element holding Address and ReferenceParameters; null without them. */
    static Epr from(Element e) {
        Element params = XmlDom.child(e, "ReferenceParameters");
        if (params == null) {
            return null;
        }
        Map<String, String> sel = new LinkedHashMap<>();
        for (Element s : XmlDom.children(XmlDom.child(params, "SelectorSet"), "Selector")) {
            sel.put(s.getAttribute("Name"), s.getTextContent().strip());
        }
        return new Epr(XmlDom.text(e, "Address"), XmlDom.text(params, "ResourceURI"), Map.copyOf(sel));
    }
}
