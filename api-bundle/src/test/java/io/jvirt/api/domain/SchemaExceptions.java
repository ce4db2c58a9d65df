package io.jvirt.api.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What libvirt 9.0's domain.rng (the schema CI installs) cannot accept in a document jvirt
 * formats, by feature: the conformance corpora come from libvirt 10.7, and a case that uses what
 * 9.0's schema does not know yet is invalid against it for that reason only. Each feature says how
 * to see it in the formatted document and the words of Jing's complaints it explains; a document is
 * accepted when every complaint is explained by a feature the document uses (or, for libvirt's own
 * deliberately invalid inputs, named {@code *-invalid}, by what makes them invalid). The rules are
 * by feature rather than by case, so that every case of the corpus that uses a feature is judged
 * the same, those of the corpus's part that is not in the sample too; a complaint no feature of the
 * document explains fails the test.
 */
final class SchemaExceptions {

    /** A feature newer than 9.0's schema: where it shows in a document, and the complaints it explains. */
    record Feature(String why, Pattern present, List<String> complaints) {

        boolean usedBy(String xml) {
            return present.matcher(xml).find();
        }

        boolean explains(String problem) {
            return complaints.stream().anyMatch(problem::contains);
        }
    }

    private static Feature feature(String why, String present, String... complaints) {
        return new Feature(why, Pattern.compile(present), List.of(complaints));
    }

    private static final String WATCHDOG = "\"diag288\", \"i6300esb\" or \"ib700\"";
    private static final String CLUSTERS = "attribute \"clusters\"";

    static final List<Feature> NEWER_THAN_9_0 = List.of(
        feature("watchdog model 'itco' (libvirt 9.2), which q35 machines get implicitly in libvirt 10's outputs",
            "<watchdog model='itco'", WATCHDOG),
        feature("cpu topology clusters (libvirt 10.1): libvirt 10 writes clusters='1' by default, as the corpus "
            + "outputs (10.7) and so jvirt do", "<topology [^>]*clusters=", CLUSTERS),
        feature("network disk protocol 'ssh' and its knownHosts, username, agentsock and identity (libvirt 9.10 / 10.x)",
            "protocol='ssh'", "\"protocol\" is invalid", "knownHosts", "\"username\"", "\"agentsock\"", "\"identity\"",
            "keyfile", "\"auth\""),
        feature("iommu dma_translation (libvirt 10.x)", "dma_translation=", "\"dma_translation\""),
        feature("iothread <poll> settings (libvirt 9.4)", "<poll ", "element \"poll\""),
        feature("the <pstore> device (libvirt 9.4)", "<pstore ", "element \"pstore\""),
        feature("audio type 'pipewire' (libvirt 9.10)", "<audio [^>]*type='pipewire'",
            "\"pulseaudio\", \"sdl\" or \"spice\"", "\"runtimeDir\""),
        feature("maxphysaddr limit (libvirt 9.3)", "<maxphysaddr [^>]*limit=", "attribute \"limit\""),
        feature("disk driver discard_no_unref (libvirt 9.9)", "discard_no_unref=", "\"discard_no_unref\""),
        feature("nbd reconnect delay (libvirt 9.x)", "<reconnect ", "\"reconnect\"", "\"delay\""),
        feature("several secrets in a disk's encryption (libvirt 9.x, rbd layering)",
            "<encryption [^>]*>\\s*<secret [^>]*/>\\s*<secret ", "element \"secret\""),
        feature("encryption format 'luks-any' (libvirt 9.x)", "<encryption [^>]*format='luks-any'", "\"luks2\" or \"qcow\""),
        feature("disk type 'vhostvdpa' (libvirt 9.8)", "<disk type='vhostvdpa'", "\"vhostuser\" or \"volume\""),
        feature("loader and nvram format attributes (libvirt 9.2)", "<(loader|nvram) [^>]*format=",
            "attribute \"format\""),
        feature("hostdev display and ramfb (libvirt 9.x)", "<hostdev [^>]*(display|ramfb)=", "attribute \"display\"",
            "attribute \"ramfb\""),
        feature("hostdev driver model (vfio variant drivers, libvirt 10.x)", "<hostdev [^>]*>\\s*<driver [^>]*model=",
            "attribute \"model\"", "\"driver\" missing required attribute \"name\""),
        feature("hyperv emsr_bitmap and xmm_input (libvirt 10.x)", "<(emsr_bitmap|xmm_input) ", "\"emsr_bitmap\"",
            "\"xmm_input\""),
        feature("a disk's <iothreads> mapping with queues (libvirt 10.0)", "<driver [^>]*>\\s*<iothreads>",
            "\"iothreads\"", "\"iothread\"", "\"queue\""),
        feature("launch security 'sev-snp' (libvirt 10.5)", "<launchSecurity type='sev-snp'", "\"s390-pv\" or \"sev\"",
            "\"authorKey\"", "\"vcek\"", "guestVisibleWorkarounds", "idBlock", "idAuth", "hostData", "\"kernelHashes\"",
            "\"dhCert\""),
        feature("features <ps2> (libvirt 9.x)", "<ps2 ", "element \"ps2\""),
        feature("filesystem driver type 'mtp' (libvirt 10.x)", "<filesystem [^>]*>\\s*<driver type='mtp'",
            "\"ploop\" or \"virtiofs\""),
        feature("pcie controller memReserve (libvirt 9.x)", "memReserve=", "\"memReserve\""),
        feature("sound model 'virtio' with streams (libvirt 10.4)", "<sound model='virtio'", "\"sb16\" or \"usb\"",
            "\"streams\"", "element \"driver\""),
        feature("tpm emulator debug level (libvirt 9.x)", "<backend type='emulator' [^>]*debug=", "attribute \"debug\""),
        feature("virtiofs openfiles limit and idmap (libvirt 10.x)", "openfiles=|<idmap>", "\"openfiles\"", "\"idmap\""),
        feature("video model blob resources (libvirt 9.2)", "<model [^>]*blob=", "attribute \"blob\""));

    /** libvirt names its deliberately invalid inputs so: 9.0's schema refuses them too. */
    static final Feature INVALID_INPUT = feature("libvirt's own deliberately invalid input: 9.0's schema refuses it "
        + "too, and libvirt's parser (without VALIDATE) takes it only for QEMU's driver to refuse", "",
        "missing required element \"source\"", "attribute \"nodeset\"", "attribute \"file\" is invalid", CLUSTERS);

    private SchemaExceptions() {
    }

    /** The features newer than 9.0's schema that the document of corpus case {@code name} uses. */
    static List<Feature> used(String name, String xml) {
        List<Feature> used = new ArrayList<>();
        for (Feature f : NEWER_THAN_9_0) {
            if (f.usedBy(xml)) {
                used.add(f);
            }
        }
        if (name.endsWith("-invalid")) {
            used.add(INVALID_INPUT);
        }
        return used;
    }

    /**
     * Null when {@code xml}, formatted from corpus case {@code name}, is what the schema oracle
     * accepts: valid against domain.rng, or invalid only where features newer than 9.0 that it uses
     * explain it; otherwise what is wrong.
     */
    static String verdict(String name, String xml) {
        List<String> problems = io.jvirt.api.testing.LibvirtSchemas.problems("domain.rng", xml);
        if (problems.isEmpty()) {
            return null;
        }
        List<Feature> used = used(name, xml);
        List<String> unexplained = problems.stream().filter(p -> used.stream().noneMatch(f -> f.explains(p))).toList();
        if (unexplained.isEmpty()) {
            return null;
        }
        return "not valid against libvirt 9.0's domain.rng" + (used.isEmpty() ? ""
            : " beyond what its newer features explain (" + used.stream().map(Feature::why).toList() + ")")
            + ": " + unexplained;
    }
}
