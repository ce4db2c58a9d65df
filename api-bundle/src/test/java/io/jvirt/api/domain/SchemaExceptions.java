package io.jvirt.api.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The corpus cases whose formatted documents libvirt 9.0's domain.rng (the schema CI installs)
 * cannot accept, each with the reason and the words every one of Jing's complaints about it must
 * contain. The conformance corpora come from libvirt 10.7: these cases use what 9.0's schema
 * does not know yet, or are libvirt's own deliberately invalid inputs. Anything else a case's
 * document gets wrong fails the test, and so does a listed case that has become valid.
 */
final class SchemaExceptions {

    /** Why a case is excepted, and the markers (one per kind of complaint) that bound it. */
    record Reason(String why, List<String> markers) {

        /** Whether every one of Jing's complaints is one this reason covers. */
        boolean covers(List<String> problems) {
            return !problems.isEmpty() && problems.stream().allMatch(p -> markers.stream().anyMatch(p::contains));
        }
    }

    private static final String WATCHDOG = "\"diag288\", \"i6300esb\" or \"ib700\"";
    private static final String CLUSTERS = "attribute \"clusters\"";
    private static final Reason ITCO = new Reason("watchdog model 'itco' (libvirt 9.2), which q35 machines get "
        + "implicitly in libvirt 10's outputs", List.of(WATCHDOG));
    private static final Reason TOPOLOGY_CLUSTERS = new Reason("cpu topology clusters (libvirt 10.1): libvirt 10 "
        + "writes clusters='1' by default, as the corpus outputs (10.7) and so jvirt do", List.of(CLUSTERS));
    private static final Reason SSH_DISKS = new Reason("network disk protocol 'ssh' and its knownHosts, "
        + "username, agentsock and identity (libvirt 9.10 / 10.x)", List.of("\"protocol\" is invalid", "knownHosts",
            "\"username\"", "\"agentsock\"", "\"identity\"", "keyfile", "\"auth\""));

    static final Map<String, Reason> DOMAIN_RNG_9_0 = new LinkedHashMap<>();

    static {
        Map<String, Reason> m = DOMAIN_RNG_9_0;
        for (String c : List.of("boot-floppy-q35", "intel-iommu", "intel-iommu-caching-mode", "intel-iommu-device-iotlb",
            "vcpu-placement-static", "vhost-user-fs-hugepages", "x86_64-default-cpu-tcg-features")) {
            m.put(c, ITCO);
        }
        for (String c : List.of("cpu-hotplug-startup", "cpu-numa-disjoint", "cpu-numa-disordered", "cpu-numa-memshared",
            "cpu-numa1", "cpu-numa2", "cpu-topology1", "cpu-topology3", "cpu-topology4", "memory-hotplug-dimm-addr",
            "numad-auto-memory-vcpu-cpuset", "numad-auto-memory-vcpu-no-cpuset-and-placement",
            "numad-auto-vcpu-no-numatune", "numad-auto-vcpu-static-numatune", "numad-static-memory-auto-vcpu",
            "numad-static-vcpu-no-numatune", "numad", "pcie-expander-bus", "fd-memory-no-numa-topology",
            "fd-memory-numa-topology3", "hugepages-nvdimm", "memfd-memory-default-hugepage", "memfd-memory-numa",
            "memory-hotplug-nvdimm-label", "memory-hotplug-nvdimm-pmem", "memory-hotplug-nvdimm")) {
            m.put(c, TOPOLOGY_CLUSTERS);
        }
        for (String c : List.of("disk-network-ssh", "disk-network-ssh-key", "disk-network-ssh-nbdkit",
            "disk-network-ssh-password")) {
            m.put(c, SSH_DISKS);
        }
        m.put("intel-iommu-dma-translation", new Reason("watchdog 'itco' (9.2) and iommu dma_translation (10.x)",
            List.of(WATCHDOG, "\"dma_translation\"")));
        m.put("iothreads-ids-pool-sizes", new Reason("iothread <poll> settings (libvirt 9.4) and watchdog 'itco' (9.2)",
            List.of("element \"poll\"", WATCHDOG)));
        m.put("iothreadids", new Reason("iothread <poll> settings (libvirt 9.4)", List.of("element \"poll\"")));
        m.put("pstore-acpi-erst", new Reason("the <pstore> device (libvirt 9.4) and watchdog 'itco' (9.2)",
            List.of(WATCHDOG, "element \"pstore\"")));
        m.put("audio-pipewire-best", new Reason("audio type 'pipewire' (libvirt 9.10)",
            List.of("\"pulseaudio\", \"sdl\" or \"spice\"", "\"runtimeDir\"")));
        m.put("audio-pipewire-full", m.get("audio-pipewire-best"));
        m.put("cpu-phys-bits-limit", new Reason("maxphysaddr limit (libvirt 9.3)", List.of("attribute \"limit\"")));
        m.put("disk-discard_no_unref", new Reason("disk driver discard_no_unref (libvirt 9.9)",
            List.of("\"discard_no_unref\"")));
        m.put("disk-network-nbd", new Reason("nbd reconnect delay (libvirt 9.x)", List.of("\"reconnect\"", "\"delay\"")));
        m.put("disk-network-rbd-encryption-layering", new Reason("several secrets in a disk's encryption "
            + "(libvirt 9.x, rbd layering)", List.of("element \"secret\"")));
        m.put("disk-network-rbd-encryption-luks-any", new Reason("encryption format 'luks-any' (libvirt 9.x)",
            List.of("\"luks2\" or \"qcow\"")));
        m.put("disk-vhostvdpa", new Reason("disk type 'vhostvdpa' (libvirt 9.8)", List.of("\"vhostuser\" or \"volume\"")));
        m.put("firmware-auto-efi-format-nvram-qcow2-path", new Reason("nvram format attribute (libvirt 9.2)",
            List.of("attribute \"format\"")));
        Reason loaderFormat = new Reason("loader format attribute (libvirt 9.2)", List.of("attribute \"format\""));
        m.put("firmware-auto-efi-format-loader-qcow2", loaderFormat);
        m.put("firmware-auto-efi-format-loader-qcow2-nvram-path", loaderFormat);
        m.put("hostdev-pci-display-ramfb", new Reason("hostdev display and ramfb (libvirt 9.x)",
            List.of("attribute \"display\"", "attribute \"ramfb\"")));
        m.put("hostdev-vfio", new Reason("hostdev driver model (vfio variant drivers, libvirt 10.x)",
            List.of("attribute \"model\"", "\"driver\" missing required attribute \"name\"")));
        m.put("hyperv", new Reason("hyperv emsr_bitmap and xmm_input (libvirt 10.x)",
            List.of("\"emsr_bitmap\"", "\"xmm_input\"")));
        m.put("iothreads-disk", new Reason("a disk's <iothreads> mapping with queues (libvirt 10.0)",
            List.of("\"iothreads\"", "\"iothread\"", "\"queue\"")));
        m.put("launch-security-sev-snp", new Reason("launch security 'sev-snp' (libvirt 10.5)",
            List.of("\"s390-pv\" or \"sev\"", "\"authorKey\"", "\"vcek\"", "guestVisibleWorkarounds", "idBlock",
                "idAuth", "hostData", "\"kernelHashes\"", "\"dhCert\"")));
        m.put("machine-i8042-on", new Reason("features <ps2> (libvirt 9.x)", List.of("element \"ps2\"")));
        m.put("mtp-usb-device", new Reason("filesystem type 'mtp' (libvirt 10.x)",
            List.of("\"ploop\" or \"virtiofs\"")));
        m.put("q35-usb2", new Reason("pcie controller memReserve (libvirt 9.x)", List.of("\"memReserve\"")));
        m.put("sound-device-virtio", new Reason("sound model 'virtio' with streams (libvirt 10.4)",
            List.of("\"sb16\" or \"usb\"", "\"streams\"", "element \"driver\"")));
        m.put("tpm-emulator-tpm2", new Reason("tpm emulator debug level (libvirt 9.x)", List.of("attribute \"debug\"")));
        m.put("vhost-user-fs-fd-openfiles", new Reason("virtiofs openfiles limit and idmap (libvirt 10.x)",
            List.of("\"openfiles\"", "\"idmap\"")));
        m.put("video-virtio-blob-on", new Reason("video driver blob resources (libvirt 9.2)",
            List.of("attribute \"blob\"")));
        Reason invalid = new Reason("libvirt's own deliberately invalid input: 9.0's schema refuses it too, and "
            + "libvirt's parser (without VALIDATE) takes it only for QEMU's driver to refuse",
            List.of("missing required element \"source\"", "attribute \"nodeset\"", "attribute \"file\" is invalid",
                CLUSTERS));
        m.put("disk-cdrom-empty-network-invalid", invalid);
        m.put("numatune-auto-nodeset-invalid", invalid);
        m.put("pci-rom-disabled-invalid", invalid);
    }

    private SchemaExceptions() {
    }

    /**
     * Null when {@code xml}, formatted from corpus case {@code name}, is what the schema oracle
     * accepts: valid against domain.rng, or invalid only in the ways its listed reason names;
     * otherwise what is wrong.
     */
    static String verdict(String name, String xml) {
        List<String> problems = io.jvirt.api.testing.LibvirtSchemas.problems("domain.rng", xml);
        Reason r = DOMAIN_RNG_9_0.get(name);
        if (r == null) {
            return problems.isEmpty() ? null : "not valid against libvirt 9.0's domain.rng: " + problems;
        }
        if (problems.isEmpty()) {
            return "valid against domain.rng, but listed in SchemaExceptions (" + r.why() + "): drop it from the list";
        }
        return r.covers(problems) ? null : "invalid beyond its listed reason (" + r.why() + "): " + problems;
    }
}
