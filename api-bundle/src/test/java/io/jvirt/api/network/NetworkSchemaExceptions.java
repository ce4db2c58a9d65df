package io.jvirt.api.network;

import java.util.List;

import io.jvirt.api.testing.SchemaFeatures;
import io.jvirt.api.testing.SchemaFeatures.Feature;

/**
 * What libvirt 9.0's network.rng (the schema CI installs) cannot accept in a network document
 * jvirt formats, by feature ({@link SchemaFeatures}: the corpora come from libvirt 10.7; a
 * complaint no feature of the document explains fails).
 */
final class NetworkSchemaExceptions {

    static final List<Feature> NEWER_THAN_9_0 = List.of(
        // 9.0's forward <driver> has a required name (kvm|vfio) and nothing else; libvirt 10's
        // hostdev driver info adds model= and makes name optional (networkxml2xml's hostdev-pf-driver-model).
        // Jing words it "attribute "model" not allowed here" or "found attribute "model", but no
        // attributes allowed here" (after a name)
        Feature.of("hostdev forward driver model (VFIO variant drivers, libvirt 10.x)",
            "<forward [^>]*>\\s*(?:<[^>]*>\\s*)*<driver [^>]*model=",
            "attribute \"model\"", "element \"driver\" missing required attribute \"name\""),
        Feature.of("<domain register=...> (libvirt 10.1)", "<domain [^>]*register=", "attribute \"register\""));

    private NetworkSchemaExceptions() {
    }

    /**
     * Null when {@code xml} is what the schema oracle accepts: valid against network.rng, or invalid
     * only where features newer than 9.0 that it uses explain it; otherwise what is wrong.
     */
    static String verdict(String xml) {
        return SchemaFeatures.verdict("network.rng", xml, SchemaFeatures.used(NEWER_THAN_9_0, xml));
    }
}
