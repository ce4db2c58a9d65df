package io.jvirt.driver.bhyve;

/**
 * What the installed bhyve binary can do: libvirt's BHYVE_CAP_* (src/bhyve/bhyve_capabilities.h),
 * which libvirt probes from bhyve's usage text and the converter consults before writing an option.
 */
enum BhyveCapability {
    /** {@code -u}: the RTC keeps UTC. */
    RTC_UTC,
    /** one AHCI controller takes up to 32 drives ({@code ahci,hd:...,cd:...}). */
    AHCI32SLOT,
    /** the {@code e1000} NIC emulation. */
    NET_E1000,
    /** {@code -l bootrom,...}: UEFI firmware. */
    LPC_BOOTROM,
    /** the {@code fbuf} framebuffer (VNC). */
    FBUF,
    /** the {@code xhci} USB controller (tablet). */
    XHCI,
    /** {@code -c cpus=,sockets=,cores=,threads=}. */
    CPUTOPOLOGY,
    /** the {@code hda} sound device. */
    SOUND_HDA,
    /** {@code fbuf,...,password=}. */
    VNC_PASSWORD,
    /** {@code virtio-9p} shared folders. */
    VIRTIO_9P
}
