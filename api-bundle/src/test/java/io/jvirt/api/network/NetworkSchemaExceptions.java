package io.jvirt.api.network;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.jvirt.api.testing.LibvirtSchemas;

/**
 * What libvirt 9.0's network.rng (the schema CI installs) cannot accept in a network document
 * jvirt formats, by feature: the conformance corpora come from libvirt 10.7, and a case that uses
 * what 9.0's schema does not know yet is invalid against it for that reason only. Each feature says
 * how to see it in the formatted document and the words of Jing's complaints it explains; a
 * document is accepted when every complaint is explained by a feature it uses. The rules are by
 * feature, not by case name, so every case of the corpus that uses a feature is judged alike (those
 * of the corpus's part that is not in the sample too); a complaint no feature of the document
 * explains fails.
 */
final class NetworkSchemaExceptions {

    /** A feature newer than 9.0's schema: where it shows in a document, and the complaints it explains. */
    record Feature(String why, Pattern present, List<String> complaints) {

        boolean usedBy(String xml) {
            return present.matcher(xml).find();
        }

        boolean explains(String problem) {
            return complaints.stream().anyMatch(problem::contains);
        }
    }

    static final List<Feature> NEWER_THAN_9_0 = List.of(
        // 9.0's forward <driver> has a required name (kvm|vfio) and nothing else; libvirt 10's
        // hostdev driver info adds model= and makes name optional (networkxml2xml's hostdev-pf-driver-model).
        // Jing words it "attribute "model" not allowed here" or "found attribute "model", but no
        // attributes allowed here" (after a name)
        new Feature("hostdev forward driver model (VFIO variant drivers, libvirt 10.x)",
            Pattern.compile("<forward [^>]*>\\s*(?:<[^>]*>\\s*)*<driver [^>]*model="),
            List.of("attribute \"model\"", "element \"driver\" missing required attribute \"name\"")),
        new Feature("<domain register=...> (libvirt 10.1)", Pattern.compile("<domain [^>]*register="),
            List.of("attribute \"register\"")));

    private NetworkSchemaExceptions() {
    }

    static List<Feature> used(String xml) {
        List<Feature> used = new ArrayList<>();
        for (Feature f : NEWER_THAN_9_0) {
            if (f.usedBy(xml)) {
                used.add(f);
            }
        }
        return used;
    }

    /**
     * Null when {@code xml} is what the schema oracle accepts: valid against network.rng, or invalid
     * only where features newer than 9.0 that it uses explain it; otherwise what is wrong.
     */
    static String verdict(String xml) {
        List<String> problems = LibvirtSchemas.problems("network.rng", xml);
        if (problems.isEmpty()) {
            return null;
        }
        List<Feature> used = used(xml);
        List<String> unexplained = problems.stream().filter(p -> used.stream().noneMatch(f -> f.explains(p))).toList();
        if (unexplained.isEmpty()) {
            return null;
        }
        return "not valid against libvirt 9.0's network.rng" + (used.isEmpty() ? ""
            : " beyond what its newer features explain (" + used.stream().map(Feature::why).toList() + ")")
            + ": " + unexplained;
    }
}
