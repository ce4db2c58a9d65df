package io.jvirt.api.domain;

import java.util.List;

import io.jvirt.api.testing.SchemaFeatures;
import io.jvirt.api.testing.SchemaFeatures.Feature;

/**
 * What libvirt 9.0's domain.rng (the schema CI installs) cannot accept in a document jvirt
 * formats, by feature ({@link SchemaFeatures}: the corpora come from libvirt 10.7; a complaint no
 * feature of the document explains fails the test), and for libvirt's own deliberately invalid
 * inputs, named {@code *-invalid}, by what makes them invalid.
 */
final class SchemaExceptions {

    private static final String WATCHDOG = "\"diag288\", \"i6300esb\" or \"ib700\"";
    private static final String CLUSTERS = "attribute \"clusters\"";

    static final List<Feature> NEWER_THAN_9_0 = List.of(
        Feature.of("watchdog model 'itco' (libvirt 9.2), which q35 machines get implicitly in libvirt 10's outputs",
            "<watchdog model='itco'", WATCHDOG),
        Feature.of("cpu topology clusters (libvirt 10.1): libvirt 10 writes clusters='1' by default, as the corpus "
            + "outputs (10.7) and so jvirt do", "<topology [^>]*clusters=", CLUSTERS),
        Feature.of("network disk protocol 'ssh' and its knownHosts, username, agentsock and identity (libvirt 9.10 / 10.x)",
            "protocol='ssh'", "\"protocol\" is invalid", "knownHosts", "\"username\"", "\"agentsock\"", "\"identity\"",
            "keyfile", "\"auth\""),
        Feature.of("iommu dma_translation (libvirt 10.x)", "dma_translation=", "\"dma_translation\""),
        Feature.of("iothread <poll> settings (libvirt 9.4)", "<poll ", "element \"poll\""),
        Feature.of("the <pstore> device (libvirt 9.4)", "<pstore ", "element \"pstore\""),
        Feature.of("audio type 'pipewire' (libvirt 9.10)", "<audio [^>]*type='pipewire'",
            "\"pulseaudio\", \"sdl\" or \"spice\"", "\"runtimeDir\""),
        Feature.of("maxphysaddr limit (libvirt 9.3)", "<maxphysaddr [^>]*limit=", "attribute \"limit\""),
        Feature.of("disk driver discard_no_unref (libvirt 9.9)", "discard_no_unref=", "\"discard_no_unref\""),
        Feature.of("nbd reconnect delay (libvirt 9.x)", "<reconnect ", "\"reconnect\"", "\"delay\""),
        Feature.of("several secrets in a disk's encryption (libvirt 9.x, rbd layering)",
            "<encryption [^>]*>\\s*<secret [^>]*/>\\s*<secret ", "element \"secret\""),
        Feature.of("encryption format 'luks-any' (libvirt 9.x)", "<encryption [^>]*format='luks-any'", "\"luks2\" or \"qcow\""),
        Feature.of("disk type 'vhostvdpa' (libvirt 9.8)", "<disk type='vhostvdpa'", "\"vhostuser\" or \"volume\""),
        Feature.of("loader and nvram format attributes (libvirt 9.2)", "<(loader|nvram) [^>]*format=",
            "attribute \"format\""),
        Feature.of("hostdev display and ramfb (libvirt 9.x)", "<hostdev [^>]*(display|ramfb)=", "attribute \"display\"",
            "attribute \"ramfb\""),
        Feature.of("hostdev driver model (vfio variant drivers, libvirt 10.x)", "<hostdev [^>]*>\\s*<driver [^>]*model=",
            "attribute \"model\"", "\"driver\" missing required attribute \"name\""),
        Feature.of("hyperv emsr_bitmap and xmm_input (libvirt 10.x)", "<(emsr_bitmap|xmm_input) ", "\"emsr_bitmap\"",
            "\"xmm_input\""),
        Feature.of("a disk's <iothreads> mapping with queues (libvirt 10.0)", "<driver [^>]*>\\s*<iothreads>",
            "\"iothreads\"", "\"iothread\"", "\"queue\""),
        Feature.of("launch security 'sev-snp' (libvirt 10.5)", "<launchSecurity type='sev-snp'", "\"s390-pv\" or \"sev\"",
            "\"authorKey\"", "\"vcek\"", "guestVisibleWorkarounds", "idBlock", "idAuth", "hostData", "\"kernelHashes\"",
            "\"dhCert\""),
        Feature.of("features <ps2> (libvirt 9.x)", "<ps2 ", "element \"ps2\""),
        Feature.of("filesystem driver type 'mtp' (libvirt 10.x)", "<filesystem [^>]*>\\s*<driver type='mtp'",
            "\"ploop\" or \"virtiofs\""),
        Feature.of("pcie controller memReserve (libvirt 9.x)", "memReserve=", "\"memReserve\""),
        Feature.of("sound model 'virtio' with streams (libvirt 10.4)", "<sound model='virtio'", "\"sb16\" or \"usb\"",
            "\"streams\"", "element \"driver\""),
        Feature.of("tpm emulator debug level (libvirt 9.x)", "<backend type='emulator' [^>]*debug=", "attribute \"debug\""),
        Feature.of("virtiofs openfiles limit and idmap (libvirt 10.x)", "openfiles=|<idmap>", "\"openfiles\"", "\"idmap\""),
        Feature.of("video model blob resources (libvirt 9.2)", "<model [^>]*blob=", "attribute \"blob\""));

    /** libvirt names its deliberately invalid inputs so: 9.0's schema refuses them too. */
    static final Feature INVALID_INPUT = Feature.of("libvirt's own deliberately invalid input: 9.0's schema refuses it "
        + "too, and libvirt's parser (without VALIDATE) takes it only for QEMU's driver to refuse", "",
        "missing required element \"source\"", "attribute \"nodeset\"", "attribute \"file\" is invalid", CLUSTERS);

    private SchemaExceptions() {
    }

    /** The features newer than 9.0's schema that the document of corpus case {@code name} uses. */
    static List<Feature> used(String name, String xml) {
        List<Feature> used = SchemaFeatures.used(NEWER_THAN_9_0, xml);
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
        return SchemaFeatures.verdict("domain.rng", xml, used(name, xml));
    }
}
