package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code <features>} element: hypervisor features by name, each with its state and attributes.
 * Features are written in libvirt's order ({@link #NAMES}); the children of the structured ones
 * ({@code hyperv}, {@code kvm}, {@code xen}, {@code tcg}, {@code hpt}, {@code capabilities},
 * {@code smm}'s {@code tseg}) are kept as parsed.
 */
public final class FeaturesDef {

    /** The feature names libvirt knows, in its formatting order. */
    public static final List<String> NAMES = List.of("acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv",
        "kvm", "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic", "hpt", "vmcoreinfo", "htm",
        "nested-hv", "msrs", "ccf-assist", "xen", "cfpc", "sbbc", "ibs", "tcg", "async-teardown", "ras", "ps2", "aia");

    /** Features that are on/off switches with a {@code state} attribute (absent: on). */
    public static final Set<String> SWITCHES = Set.of("hap", "pvspinlock", "pmu", "vmport", "smm", "vmcoreinfo",
        "htm", "nested-hv", "ccf-assist", "ras", "ps2");

    private final Map<String, Feature> features = new HashMap<>();

    /** One feature element. */
    public static final class Feature {
        private final String name;
        private String state;
        private final Map<String, String> attrs = new LinkedHashMap<>(2);
        private final List<XmlElement> children = new ArrayList<>(0);

        public Feature(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** The {@code state} attribute ("on"/"off") of a {@link #SWITCHES switch} feature, or null. */
        public String state() {
            return state;
        }

        public Feature state(String state) {
            this.state = state;
            return this;
        }

        /** Whether the feature is present and not switched off. */
        public boolean isOn() {
            return !"off".equals(state);
        }

        /** Other attributes ({@code eoi}, {@code driver}, {@code version}, {@code mode}, {@code policy}, ...) in order. */
        public Map<String, String> attrs() {
            return attrs;
        }

        public String attr(String name) {
            return attrs.get(name);
        }

        public Feature attr(String name, String value) {
            if (value == null) {
                attrs.remove(name);
            } else {
                attrs.put(name, value);
            }
            return this;
        }

        /** Sub-elements kept as parsed (hyperv's and kvm's feature lists, smm's tseg, ...). */
        public List<XmlElement> children() {
            return children;
        }

        public Feature copy() {
            Feature c = new Feature(name);
            c.state = state;
            c.attrs.putAll(attrs);
            children.forEach(x -> c.children.add(x.copy()));
            return c;
        }
    }

    /** The feature with this name, or null when absent. */
    public Feature get(String name) {
        return features.get(name);
    }

    /** Whether the feature is present (whatever its state). */
    public boolean has(String name) {
        return features.containsKey(name);
    }

    /** Whether the feature is present and not {@code state='off'}. */
    public boolean isOn(String name) {
        Feature f = features.get(name);
        return f != null && f.isOn();
    }

    /** The feature with this name, added (switches with state "on") when absent. */
    public Feature feature(String name) {
        return features.computeIfAbsent(name, n -> new Feature(n).state(SWITCHES.contains(n) ? "on" : null));
    }

    /** Adds or replaces a feature. */
    public FeaturesDef put(Feature feature) {
        features.put(feature.name(), feature);
        return this;
    }

    /** Enables a feature ({@code <acpi/>}, {@code <pmu state='on'/>}, ...). */
    public FeaturesDef enable(String name) {
        Feature f = feature(name);
        if (SWITCHES.contains(name)) {
            f.state("on");
        }
        return this;
    }

    /** Sets a switch feature's state ("on"/"off"), adding it when absent. */
    public FeaturesDef state(String name, String state) {
        feature(name).state(state);
        return this;
    }

    public FeaturesDef remove(String name) {
        features.remove(name);
        return this;
    }

    public boolean isEmpty() {
        return features.isEmpty();
    }

    /** The features in libvirt's order (names it does not know last, by name); a snapshot. */
    public List<Feature> list() {
        List<Feature> out = new ArrayList<>(features.values());
        out.sort((a, b) -> {
            int ia = rank(a.name());
            int ib = rank(b.name());
            return ia != ib ? Integer.compare(ia, ib) : a.name().compareTo(b.name());
        });
        return out;
    }

    private static int rank(String name) {
        int i = NAMES.indexOf(name);
        return i < 0 ? NAMES.size() : i;
    }

    /** A deep copy. */
    public FeaturesDef copy() {
        FeaturesDef c = new FeaturesDef();
        features.forEach((k, v) -> c.features.put(k, v.copy()));
        return c;
    }
}
