package io.jvirt.driver.esx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Element;

import io.jvirt.core.kit.remote.XmlDom;

/**
 * One object of a property collector answer: its reference and the properties asked for
 * ({@code propSet}: name and {@code val}). Properties that the server left out are absent.
 */
record ObjectContent(MoRef obj, Map<String, Element> props) {

    static ObjectContent parse(Element returnval) {
        Map<String, Element> props = new LinkedHashMap<>();
        for (Element ps : XmlDom.children(returnval, "propSet")) {
            props.put(XmlDom.text(ps, "name"), XmlDom.child(ps, "val"));
        }
        return new ObjectContent(MoRef.of(XmlDom.child(returnval, "obj")), props);
    }

    Element get(String name) {
        return props.get(name);
    }

    String str(String name) {
        Element e = props.get(name);
        return e == null ? null : e.getTextContent().strip();
    }

    long num(String name, long dflt) {
        String s = str(name);
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    MoRef ref(String name) {
        return MoRef.of(props.get(name));
    }

    /** An ArrayOfManagedObjectReference property. */
    List<MoRef> refs(String name) {
        List<MoRef> out = new ArrayList<>();
        for (Element e : XmlDom.children(props.get(name), "ManagedObjectReference")) {
            out.add(MoRef.of(e));
        }
        return out;
    }
}
