package io.jvirt.driver.bhyve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.HostCommand;

/**
 * What the installed bhyve can do, found as libvirt's virBhyveProbeCaps finds it
 * (bhyve_capabilities.c): {@code bhyve -h} (RTC_UTC when the usage names "-u:", CPUTOPOLOGY when it
 * no longer says "-c vcpus"), then one run per device with no VM name, the capability present
 * unless bhyve's answer holds its "unknown device" (or invalid configuration) words. libvirt reads
 * only stderr; bhyve writes these answers nowhere else, so stdout and stderr together read the same.
 */
final class BhyveProbe {

    /** One device probe: bhyve's arguments, the words of a bhyve without it, the capability. */
    private record Device(String option, String value, String missingWords, BhyveCapability cap) {
    }

    /**
     * libvirt's probes in its order, with its words. Two follow libvirt's quirks on purpose, so that
     * the driver offers what libvirt's would: the xhci probe sets FBUF (never XHCI), and the
     * virtio-9p probe looks for the words of a missing "hda".
     */
    private static final List<Device> DEVICES = List.of(
        new Device("-s", "0,ahci", "pci slot 0:0: unknown device \"ahci\"", BhyveCapability.AHCI32SLOT),
        new Device("-s", "0,e1000", "pci slot 0:0: unknown device \"e1000\"", BhyveCapability.NET_E1000),
        new Device("-l", "bootrom", "bhyve: invalid lpc device configuration 'bootrom'", BhyveCapability.LPC_BOOTROM),
        new Device("-s", "0,fbuf", "pci slot 0:0: unknown device \"fbuf\"", BhyveCapability.FBUF),
        new Device("-s", "0,xhci", "pci slot 0:0: unknown device \"xhci\"", BhyveCapability.FBUF),
        new Device("-s", "0,hda", "pci slot 0:0: unknown device \"hda\"", BhyveCapability.SOUND_HDA),
        new Device("-s", "0,fbuf,password=", "Invalid fbuf emulation \"password\"", BhyveCapability.VNC_PASSWORD),
        new Device("-s", "0,virtio-9p", "pci slot 0:0: unknown device \"hda\"", BhyveCapability.VIRTIO_9P));

    private BhyveProbe() {
    }

    static Set<BhyveCapability> probe(Path bhyve, long timeoutMs) {
        Set<BhyveCapability> caps = EnumSet.noneOf(BhyveCapability.class);
        String help = run(List.of(bhyve.toString(), "-h"), timeoutMs);
        if (help.contains("-u:")) {
            caps.add(BhyveCapability.RTC_UTC);
        }
        if (!help.contains("-c vcpus")) {
            caps.add(BhyveCapability.CPUTOPOLOGY);
        }
        for (Device d : DEVICES) {
            if (!run(List.of(bhyve.toString(), d.option(), d.value()), timeoutMs).contains(d.missingWords())) {
                caps.add(d.cap());
            }
        }
        return caps;
    }

    private static String run(List<String> argv, long timeoutMs) {
        try {
            return HostCommand.run(argv, timeoutMs, ErrorDomain.BHYVE).output();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.BHYVE, "cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }
}
