package io.jvirt.api.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema oracle's allowance for features newer than the libvirt schemas CI installs (9.0's):
 * the conformance corpora come from a newer libvirt, and a document that uses what the installed
 * schema does not know yet is invalid against it for that reason only. Each {@link Feature} says
 * how to see it in a formatted document and which words of Jing's complaints it explains; a
 * document passes when every complaint is explained by a feature it uses. Judged by feature, never
 * by case name, so that every case of a corpus using a feature (those outside the sample too) is
 * judged alike. Each schema's test keeps its own list of features.
 */
public final class SchemaFeatures {

    /** A feature newer than the installed schema: where it shows in a document, and the complaints it explains. */
    public record Feature(String why, Pattern present, List<String> complaints) {

        public static Feature of(String why, String present, String... complaints) {
            return new Feature(why, Pattern.compile(present), List.of(complaints));
        }

        public boolean usedBy(String xml) {
            return present.matcher(xml).find();
        }

        public boolean explains(String problem) {
            return complaints.stream().anyMatch(problem::contains);
        }
    }

    private SchemaFeatures() {
    }

    /** The features of {@code known} that {@code xml} uses. */
    public static List<Feature> used(List<Feature> known, String xml) {
        List<Feature> used = new ArrayList<>();
        for (Feature f : known) {
            if (f.usedBy(xml)) {
                used.add(f);
            }
        }
        return used;
    }

    /**
     * Null when {@code xml} is what the oracle accepts: valid against libvirt's {@code schema}
     * ("domain.rng"), or invalid only where the features in {@code used} explain it; otherwise what
     * is wrong.
     */
    public static String verdict(String schema, String xml, List<Feature> used) {
        List<String> problems = LibvirtSchemas.problems(schema, xml);
        if (problems.isEmpty()) {
            return null;
        }
        List<String> unexplained = problems.stream().filter(p -> used.stream().noneMatch(f -> f.explains(p))).toList();
        if (unexplained.isEmpty()) {
            return null;
        }
        return "not valid against libvirt 9.0's " + schema + (used.isEmpty() ? ""
            : " beyond what its newer features explain (" + used.stream().map(Feature::why).toList() + ")")
            + ": " + unexplained;
    }
}
