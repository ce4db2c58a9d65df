package io.jvirt.api.domain;

import io.jvirt.api.xml.XmlOut;

import java.util.Map;
import java.util.Set;

/** Parses and formats {@code <features>}. */
final class FeaturesXml {

    /** Each feature's attribute (besides {@code state}) and its allowed values. */
    private static final Map<String, String[]> ATTRS = Map.ofEntries(
        Map.entry("apic", new String[] {"eoi", "on", "off"}),
        Map.entry("ioapic", new String[] {"driver", "kvm", "qemu"}),
        Map.entry("gic", new String[] {"version", "host", "2", "3"}),
        Map.entry("hyperv", new String[] {"mode", "custom", "passthrough"}),
        Map.entry("capabilities", new String[] {"policy", "default", "allow", "deny"}),
        Map.entry("hpt", new String[] {"resizing", "enabled", "disabled", "required"}),
        Map.entry("msrs", new String[] {"unknown", "ignore", "fault"}),
        Map.entry("cfpc", new String[] {"value", "broken", "workaround", "fixed"}),
        Map.entry("sbbc", new String[] {"value", "broken", "workaround", "fixed"}),
        Map.entry("ibs", new String[] {"value", "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na"}),
        Map.entry("async-teardown", new String[] {"enabled", "yes", "no"}),
        Map.entry("aia", new String[] {"value", "none", "aplic", "aplic-imsic"}));

    /** Features whose sub-elements libvirt reads; kept as parsed. */
    private static final Set<String> WITH_CHILDREN = Set.of("hyperv", "kvm", "xen", "tcg", "hpt", "capabilities",
        "smm");

    private FeaturesXml() {
    }

    static FeaturesDef parse(XmlElement e) {
        FeaturesDef def = new FeaturesDef();
        for (XmlElement c : e.children()) {
            if (c.namespaceUri() != null) {
                continue; // left for the unknown-content sweep
            }
            String name = c.name();
            if (!FeaturesDef.NAMES.contains(name)) {
                throw ParseContext.xmlError("unexpected feature '" + name + "'");
            }
            c.markConsumed();
            FeaturesDef.Feature f = new FeaturesDef.Feature(name);
            if (FeaturesDef.SWITCHES.contains(name)) {
                String state = ParseContext.oneOf(c, "state", "on", "off");
                f.state(state == null ? "on" : state);
            }
            String[] attr = ATTRS.get(name);
            if (attr != null) {
                String[] allowed = java.util.Arrays.copyOfRange(attr, 1, attr.length);
                f.attr(attr[0], ParseContext.oneOf(c, attr[0], allowed));
            }
            if ("hyperv".equals(name) && f.attr("mode") == null) {
                f.attr("mode", "custom"); // libvirt's default, written back
            }
            if (WITH_CHILDREN.contains(name)) {
                for (XmlElement child : c.children()) {
                    if (child.namespaceUri() == null) {
                        f.children().add("smm".equals(name) && "tseg".equals(child.name()) ? tseg(child)
                            : child.consumeAll());
                    }
                }
            }
            def.put(f);
        }
        return def;
    }

    /** {@code <smm><tseg unit='..'>N</tseg>}: written in MiB (its default unit), as libvirt does. */
    private static XmlElement tseg(XmlElement e) {
        e.consumeAll();
        String unit = e.attributes().get("unit");
        long kib = Units.toKiB(e.text(), unit == null ? "MiB" : unit, "smm/tseg");
        return new XmlElement("tseg").attr("unit", "MiB").text(Long.toString(kib / 1024));
    }

    static void format(XmlOut out, FeaturesDef def) {
        if (def.isEmpty()) {
            return;
        }
        out.open(1, "features").body();
        for (FeaturesDef.Feature f : def.list()) {
            out.open(2, f.name()).attr("state", f.state());
            DevicesXml.writeAttrs(out, f.attrs());
            if (f.children().isEmpty()) {
                out.end();
            } else {
                out.body();
                out.elements(f.children(), 3);
                out.close(2, f.name());
            }
        }
        out.close(1, "features");
    }
}
