package io.jvirt.driver.bhyve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.jvirt.api.VirtException;
import io.jvirt.api.domain.DomainDef;
import io.jvirt.api.domain.DomainDefDefaults;
import io.jvirt.api.domain.DomainXml;
import io.jvirt.api.domain.GraphicsDef;
import io.jvirt.api.domain.InterfaceDef;
import io.jvirt.api.testing.Conformance;
import io.jvirt.api.testing.Prerequisite;

/**
 * libvirt's bhyvexml2argvtest vectors, read from the shared conformance folder. Each case runs as
 * testCompareXMLToArgvFiles does: parse (and jvirt's BhyveDomainRules.prepare, libvirt's post-parse
 * and address assignment), prepare (the firmware lookup), build; a failing stage is the expected
 * outcome only for the macros that allow it, and whatever is built must match the .args, .ldargs
 * and .devmap byte for byte in libvirt's rendering. Like libvirt's test, a DO_TEST_FAILURE case that
 * builds and matches its files passes too.
 */
class BhyveXml2ArgvConformanceTest {

    private static final double MIN_SHARE = 1.0;

    private static final Pattern CASE = Pattern.compile("^(DO_TEST\\w*)\\t\"([^\"]+)\"");

    /** The driver's state when libvirt's test runs a case (its mymain changes caps between cases). */
    record Setup(Set<BhyveCapability> caps, boolean grubConsDev, List<String> firmware) {
    }

    /**
     * libvirt's tests/bhyvexml2argvtest.c, mymain, in order: the macro, the case and the driver state
     * it runs with. The same case appears twice with different state; a manifest entry is matched
     * to the n-th occurrence of its macro and name.
     */
    static List<Map.Entry<String, Setup>> libvirtOrder() {
        List<Map.Entry<String, Setup>> out = new ArrayList<>();
        EnumSet<BhyveCapability> caps = EnumSet.allOf(BhyveCapability.class);
        boolean grub = true;
        List<String> fw = List.of("BHYVE_UEFI.fd");
        String[] script = {
            "DO_TEST base", "DO_TEST wired", "DO_TEST acpiapic", "DO_TEST disk-cdrom", "DO_TEST disk-virtio",
            "DO_TEST macaddr", "DO_TEST serial", "DO_TEST console", "DO_TEST console-master-slave-not-specified",
            "DO_TEST grub-defaults", "DO_TEST grub-bootorder", "DO_TEST grub-bootorder2",
            "DO_TEST bhyveload-bootorder", "DO_TEST bhyveload-bootorder1", "DO_TEST_FAILURE bhyveload-bootorder2",
            "DO_TEST bhyveload-bootorder3", "DO_TEST bhyveload-explicitargs", "DO_TEST_FAILURE bhyveload-bootorder4",
            "DO_TEST_PARSE_ERROR bhyveload-bootorder5", "DO_TEST custom-loader", "DO_TEST disk-cdrom-grub",
            "DO_TEST serial-grub", "DO_TEST localtime", "DO_TEST net-e1000", "DO_TEST uefi", "DO_TEST vnc",
            "DO_TEST vnc-vgaconf-on", "DO_TEST vnc-vgaconf-off", "DO_TEST vnc-vgaconf-io", "DO_TEST vnc-autoport",
            "DO_TEST vnc-resolution", "DO_TEST vnc-password", "DO_TEST_FAILURE vnc-password-comma",
            "DO_TEST cputopology", "DO_TEST_FAILURE cputopology-nvcpu-mismatch", "DO_TEST commandline",
            "DO_TEST msrs", "DO_TEST sound", "DO_TEST isa-controller", "DO_TEST_FAILURE isa-multiple-controllers",
            "DO_TEST firmware-efi", "=firmware-empty", "DO_TEST_PREPARE_ERROR firmware-efi", "DO_TEST fs-9p",
            "DO_TEST fs-9p-readonly", "DO_TEST_FAILURE fs-9p-unsupported-type",
            "DO_TEST_FAILURE fs-9p-unsupported-driver", "DO_TEST_FAILURE fs-9p-unsupported-accessmode",
            "-VIRTIO_9P", "DO_TEST_FAILURE fs-9p", "DO_TEST virtio-rnd", "DO_TEST_FAILURE virtio-rnd",
            "DO_TEST addr-single-sata-disk", "DO_TEST addr-multiple-sata-disks",
            "DO_TEST addr-more-than-32-sata-disks", "DO_TEST addr-single-virtio-disk",
            "DO_TEST addr-multiple-virtio-disks", "DO_TEST addr-isa-controller-on-slot-1",
            "DO_TEST addr-isa-controller-on-slot-31", "DO_TEST addr-non-isa-controller-on-slot-1",
            "-AHCI32SLOT", "DO_TEST addr-no32devs-single-sata-disk", "DO_TEST addr-no32devs-multiple-sata-disks",
            "DO_TEST_FAILURE addr-no32devs-more-than-32-sata-disks", "DO_TEST input-xhci-tablet",
            "DO_TEST_FAILURE xhci-multiple-controllers", "DO_TEST_FAILURE xhci-no-devs",
            "DO_TEST_FAILURE xhci-multiple-devs", "-XHCI", "DO_TEST_FAILURE input-xhci-tablet", "=grub-nocons",
            "DO_TEST serial-grub-nocons", "-NET_E1000", "DO_TEST_FAILURE net-e1000", "-LPC_BOOTROM",
            "DO_TEST_FAILURE uefi", "-FBUF", "DO_TEST_FAILURE vnc", "-CPUTOPOLOGY", "DO_TEST_FAILURE cputopology",
            "-SOUND_HDA", "DO_TEST_FAILURE sound", "-VNC_PASSWORD", "DO_TEST_FAILURE vnc-password"};
        for (String step : script) {
            if (step.startsWith("-")) {
                caps.remove(BhyveCapability.valueOf(step.substring(1)));
            } else if (step.equals("=firmware-empty")) {
                fw = List.of();
            } else if (step.equals("=grub-nocons")) {
                grub = false;
            } else {
                out.add(Map.entry(step, new Setup(EnumSet.copyOf(caps), grub, fw)));
            }
        }
        return out;
    }

    @Test
    void xmlToArgv() throws Exception {
        Path dir = Conformance.dir().resolve("bhyve-xml2argv");
        Prerequisite.require(Files.isDirectory(dir), "no conformance data at " + dir);
        List<Map.Entry<String, Setup>> order = libvirtOrder();
        Map<String, Integer> seen = new HashMap<>();
        int total = 0;
        int ok = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST"))) {
            Matcher m = CASE.matcher(line);
            if (!m.find()) {
                continue;
            }
            String key = m.group(1) + " " + m.group(2);
            int n = seen.merge(key, 1, Integer::sum);
            Setup setup = null;
            for (Map.Entry<String, Setup> e : order) {
                if (e.getKey().equals(key) && --n == 0) {
                    setup = e.getValue();
                    break;
                }
            }
            if (setup == null) {
                // a case newer than the table: libvirt's full set of capabilities
                setup = new Setup(EnumSet.allOf(BhyveCapability.class), true, List.of("BHYVE_UEFI.fd"));
            }
            total++;
            String failure = run(dir.resolve("bhyvexml2argvdata/bhyvexml2argv-" + m.group(2)), m.group(1), setup);
            if (failure == null) {
                ok++;
            } else {
                failures.add(key + ": " + failure);
            }
        }
        System.out.println("CONFORMANCE bhyve xml -> argv: " + ok + "/" + total);
        failures.forEach(f -> System.out.println("  bhyve xml -> argv differs: " + f));
        assertTrue(total > 0, "no cases in the manifest");
        assertTrue((double) ok / total >= MIN_SHARE, ok + "/" + total + " match libvirt: " + failures);
    }

    /** libvirt's mocks: MACs from virMacAddrGenerate are 52:54:00:00:00:00. */
    static final DomainDefDefaults MOCKED = new DomainDefDefaults() {
        @Override
        public void apply(DomainDef def) {
        }

        @Override
        public String generateMac() {
            return "52:54:00:00:00:00";
        }
    };

    /** The driver's post-parse for these capabilities, with libvirt's test MAC generator. */
    static DomainDefDefaults mocked(java.util.Set<BhyveCapability> caps) {
        return new DomainDefDefaults() {
            @Override
            public void apply(DomainDef def) {
                BhyveDomainRules.postParse(def, caps);
            }

            @Override
            public String generateMac() {
                return MOCKED.generateMac();
            }
        };
    }

    /** Null when the case behaves as libvirt's, else why not. */
    static String run(Path base, String macro, Setup setup) throws Exception {
        boolean mayFail = macro.equals("DO_TEST_FAILURE");
        DomainDef def;
        try {
            def = DomainXml.parse(Files.readString(Path.of(base + ".xml")), true, mocked(setup.caps()));
            BhyveDomainRules.prepare(def, setup.caps());
        } catch (VirtException e) {
            return mayFail || macro.equals("DO_TEST_PARSE_ERROR") ? null : "parse: " + e.getMessage();
        }
        try {
            BhyveFirmware.fill(def, "fakefirmwaredir", setup.firmware());
        } catch (VirtException e) {
            return macro.equals("DO_TEST_PREPARE_ERROR") ? null : "prepare: " + e.getMessage();
        }
        mockProcessHalf(def);
        BhyveCommands cmds;
        try {
            cmds = BhyveCommandBuilder.build(def, setup.caps(), "<device.map>", setup.grubConsDev());
        } catch (VirtException e) {
            return mayFail ? null : "build: " + e.getMessage();
        }
        String diff = compare(Path.of(base + ".args"), BhyveArgvText.render(cmds.bhyve(), true, true));
        if (diff == null) {
            List<String> loader = cmds.loader().isEmpty() ? List.of("dummy") : cmds.loader();
            diff = compare(Path.of(base + ".ldargs"), BhyveArgvText.render(loader, true, true));
        }
        Path devmap = Path.of(base + ".devmap");
        if (diff == null && (Files.exists(devmap) || cmds.deviceMap() != null)) {
            diff = compare(devmap, cmds.deviceMap() == null ? null : cmds.deviceMap().strip());
        }
        return diff == null ? null : (mayFail ? "neither failed nor matched: " : "") + diff;
    }

    /** What libvirt's test mocks and the process half does before building: taps and a VNC port. */
    static void mockProcessHalf(DomainDef def) {
        for (InterfaceDef net : def.interfaces()) {
            net.targetDev("faketapdev");
        }
        int port = 5900;
        for (GraphicsDef g : def.graphics()) {
            if (Boolean.TRUE.equals(g.autoport())) {
                g.port(port++);
            }
        }
    }

    /** virTestCompareToFileFull: a missing final newline in the output is forgiven when the file has one. */
    static String compare(Path expectedFile, String actual) throws Exception {
        if (!Files.exists(expectedFile)) {
            return "no " + expectedFile.getFileName();
        }
        if (actual == null) {
            return "nothing produced for " + expectedFile.getFileName();
        }
        String expected = Files.readString(expectedFile);
        if (expected.endsWith("\n") && !actual.endsWith("\n")) {
            actual = actual + "\n";
        }
        if (expected.equals(actual)) {
            return null;
        }
        return expectedFile.getFileName() + ": expected [" + expected + "] got [" + actual + "]";
    }
}
