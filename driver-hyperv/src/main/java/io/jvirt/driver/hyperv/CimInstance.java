package io.jvirt.driver.hyperv;

import java.util.ArrayList;
import java.util.List;

import io.jvirt.api.domain.XmlEscape;

/**
 * An embedded-object argument of a WMI method: one instance in DMTF CIM-XML, as libvirt's
 * {@code hypervSerializeEmbeddedParam} writes it ({@code <INSTANCE CLASSNAME="C"><PROPERTY NAME="P"
 * TYPE="T"><VALUE>v</VALUE></PROPERTY>...</INSTANCE>}; arrays as {@code PROPERTY.ARRAY} with a
 * {@code VALUE.ARRAY}). Values are escaped, so nothing a user wrote (a VM's name) can add elements.
 */
final class CimInstance {

    private record Property(String name, String type, List<String> values, boolean array) {
    }

    private final String className;
    private final List<Property> properties = new ArrayList<>();

    CimInstance(String className) {
        this.className = className;
    }

    String className() {
        return className;
    }

    /** A scalar property of CIM type {@code type} (string, uint16, uint64, boolean). */
    CimInstance with(String name, String type, Object value) {
        properties.add(new Property(name, type, List.of(String.valueOf(value)), false));
        return this;
    }

    /** An array property. */
    CimInstance withArray(String name, String type, List<String> values) {
        properties.add(new Property(name, type, List.copyOf(values), true));
        return this;
    }

    String xml() {
        StringBuilder b = new StringBuilder("<INSTANCE CLASSNAME=\"").append(className).append("\">");
        for (Property p : properties) {
            String tag = p.array() ? "PROPERTY.ARRAY" : "PROPERTY";
            b.append('<').append(tag).append(" NAME=\"").append(p.name()).append("\" TYPE=\"").append(p.type()).append("\">");
            if (p.array()) {
                b.append("<VALUE.ARRAY>");
            }
            for (String v : p.values()) {
                b.append("<VALUE>");
                XmlEscape.append(b, v);
                b.append("</VALUE>");
            }
            if (p.array()) {
                b.append("</VALUE.ARRAY>");
            }
            b.append("</").append(tag).append('>');
        }
        return b.append("</INSTANCE>").toString();
    }
}
