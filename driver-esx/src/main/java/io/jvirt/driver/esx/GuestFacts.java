package io.jvirt.driver.esx;

import org.w3c.dom.Element;

import io.jvirt.api.ErrorCode;
import io.jvirt.api.ErrorDomain;
import io.jvirt.api.MemoryStatTag;
import io.jvirt.api.MemoryStats;
import io.jvirt.api.VirtException;
import io.jvirt.core.kit.remote.XmlDom;

/**
 * What the host and VMware Tools report about a powered-on guest: its memory statistics from
 * {@code summary.quickStats} and its host name from {@code guest.hostName}. libvirt's ESX driver has
 * neither call; jvirt maps vSphere's figures onto libvirt's tags as follows (vSphere gives MB,
 * libvirt KiB):
 *
 * <table>
 * <caption>summary.quickStats and the VM's memory size as libvirt's memory statistics</caption>
 * <tr><th>libvirt tag (virsh word)</th><th>from</th><th>why</th></tr>
 * <tr><td>ACTUAL_BALLOON (actual)</td><td>{@code config.hardware.memoryMB - balloonedMemory}</td>
 *     <td>what the guest is left with once VMware's balloon driver has taken its share, as QEMU's
 *     balloon reports it</td></tr>
 * <tr><td>AVAILABLE (available)</td><td>{@code config.hardware.memoryMB}</td><td>the memory the
 *     guest OS sees</td></tr>
 * <tr><td>UNUSED (unused)</td><td>{@code config.hardware.memoryMB - guestMemoryUsage}</td>
 *     <td>guestMemoryUsage is the guest's <em>active</em> memory (pages it touched lately), so this
 *     is the guest memory nothing uses now: an estimate, the only guest-side figure ESX has</td></tr>
 * <tr><td>RSS (rss)</td><td>{@code hostMemoryUsage}</td><td>host memory the VM consumes
 *     (overhead included), what RSS is for a QEMU process</td></tr>
 * </table>
 *
 * <p>Not reported, for want of a libvirt tag with that meaning: {@code swappedMemory} and
 * {@code compressedMemory} (the host's swapping and compression of guest memory, not the guest's
 * own swap_in/swap_out), {@code privateMemory}, {@code sharedMemory}, {@code consumedOverheadMemory}.
 * vSphere leaves zero figures out of its answers, so a missing figure counts as zero.
 */
final class GuestFacts {

    /** The properties read for the memory statistics. */
    static final String QUICK_STATS = "summary.quickStats";

    private final VimSession s;

    GuestFacts(VimSession s) {
        this.s = s;
    }

    /** The statistics of a powered-on VM; OPERATION_INVALID "Domain is not powered on" otherwise. */
    MemoryStats memoryStats(VmInfo vm) {
        requireOn(vm);
        Element quick = s.retrieve(vm.ref(), QUICK_STATS).get(QUICK_STATS);
        return memoryStats(vm.memoryMB(), mb(quick, "balloonedMemory"), mb(quick, "guestMemoryUsage"),
            mb(quick, "hostMemoryUsage"));
    }

    /** The mapping above, on figures in MB. */
    static MemoryStats memoryStats(long memoryMB, long balloonedMB, long guestActiveMB, long hostConsumedMB) {
        return MemoryStats.builder()
            .add(MemoryStatTag.ACTUAL_BALLOON, Math.max(0, memoryMB - balloonedMB) * 1024)
            .add(MemoryStatTag.AVAILABLE, memoryMB * 1024)
            .add(MemoryStatTag.UNUSED, Math.max(0, memoryMB - guestActiveMB) * 1024)
            .add(MemoryStatTag.RSS, hostConsumedMB * 1024)
            .build();
    }

    /**
     * The host name VMware Tools report; NO_HOSTNAME when they report none (no Tools, or Tools not
     * running yet). vSphere knows no DHCP leases and no other agent, so neither source flag works.
     */
    String hostname(VmInfo vm) {
        requireOn(vm);
        String name = s.retrieve(vm.ref(), "guest.hostName").str("guest.hostName");
        if (name == null || name.isEmpty()) {
            throw new VirtException(ErrorCode.NO_HOSTNAME, ErrorDomain.ESX,
                "VMware Tools of domain '" + vm.name() + "' report no host name");
        }
        return name;
    }

    private static long mb(Element quickStats, String field) {
        String v = XmlDom.text(quickStats, field);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.ESX,
                "summary.quickStats." + field + " is not a number: '" + v + "'");
        }
    }

    private static void requireOn(VmInfo vm) {
        if (!vm.poweredOn()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ESX, "Domain is not powered on");
        }
    }
}
