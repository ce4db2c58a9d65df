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
 */
record BhyveSettings(Path bhyve, Path bhyveload, Path bhyvectl, Path grubBhyve, Path stateDir, Path logDir,
                     long commandTimeoutMs, long loaderTimeoutMs, long stopTimeoutMs, boolean autostart) {
}
