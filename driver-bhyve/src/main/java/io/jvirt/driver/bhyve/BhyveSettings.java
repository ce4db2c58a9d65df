package io.jvirt.driver.bhyve;

import java.nio.file.Path;

/**
 * The bhyve driver's settings (PID {@code io.jvirt.driver.bhyve}).
 *
 * @param bhyve            FreeBSD's bhyve
 * @param bhyveload        the default loader
 * @param bhyvectl         what destroys a VM's vmm instance
 * @param grubBhyve        the loader of a domain whose {@code <bootloader>} is grub-bhyve
 * @param stateDir         definitions, status files, autostart markers, grub device maps
 * @param logDir           the per-domain logs ({@code NAME.log})
 * @param commandTimeoutMs the deadline of every short command (probes, bhyvectl)
 * @param loaderTimeoutMs  the deadline of the loader step of a start
 * @param stopTimeoutMs    how long a destroyed VM's bhyve may take to exit before it is killed
 * @param autostart        start autostart domains once per host boot
 * @param netns            a network namespace (a path such as /run/netns/NAME) the taps are made in,
 *                         null or blank for the driver's own (jvirt's, as driver-qemu's
 *                         {@code network.namespace}; libvirt's bhyve has none)
 * @param firmwareDir      where {@code <os firmware='efi'>} finds its firmware (libvirt's firmware_dir)
 */
record BhyveSettings(Path bhyve, Path bhyveload, Path bhyvectl, Path grubBhyve, Path stateDir, Path logDir,
                     long commandTimeoutMs, long loaderTimeoutMs, long stopTimeoutMs, boolean autostart, String netns,
                     Path firmwareDir) {

    /** What runs {@code ip} in {@link #netns} ({@code nsenter --net=PATH}), empty for the driver's own namespace. */
    java.util.List<String> netnsPrefix() {
        return netns == null || netns.isBlank() ? java.util.List.of() : java.util.List.of("nsenter", "--net=" + netns.trim());
    }
}
