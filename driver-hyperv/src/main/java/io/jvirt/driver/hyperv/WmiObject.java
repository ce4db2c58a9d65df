package io.jvirt.driver.hyperv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * One WMI instance as a Pull returned it: the class name (the item's element name) and its
 * properties, each a list of values (arrays repeat the element; {@code xsi:nil} is an empty list).
 * Read-only; typed getters refuse a value of the wrong shape with INTERNAL_ERROR, never a number
 * format exception.
 */
record WmiObject(String className, Map<String, List<String>> properties) {

    static WmiObject from(Element item) {
        Map<String, List<String>> props = new LinkedHashMap<>();
        for (Element p : XmlDom.children(item, null)) {
            List<String> values = props.computeIfAbsent(XmlDom.local(p), k -> new java.util.ArrayList<>());
            if (!"true".equals(p.getAttributeNS(XmlDom.XSI, "nil"))) {
                values.add(p.getTextContent());
            }
        }
        props.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return new WmiObject(XmlDom.local(item), Collections.unmodifiableMap(props));
    }

    /** The property's (first) value, or null when it is missing or nil. */
    String str(String name) {
        List<String> v = properties.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The property as a number, {@code otherwise} when missing or nil; INTERNAL_ERROR when not a number. */
    long number(String name, long otherwise) {
        String s = str(name);
        if (s == null || s.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "Could not parse " + className + "." + name + " '" + s + "' as a number");
        }
    }

    /** A required property; INTERNAL_ERROR naming it when the server left it out. */
    String required(String name) {
        String s = str(name);
        if (s == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.HYPERV,
                "The server sent " + className + " without " + name);
        }
        return s;
    }
}
