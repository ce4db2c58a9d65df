package io.jvirt.driver.xen;

import java.nio.file.Path;

/**
 * The Xen driver's settings (PID {@code io.jvirt.driver.xen}).
 *
 * @param xl               the xl binary
 * @param configDir        where the xl.cfg of each start is written
 * @param stateDir         jvirt's definitions, status files and autostart markers
 * @param commandTimeoutMs the deadline of every xl call
 * @param pollMs           the interval of the one {@code xl list} that finds changes made outside the driver
 * @param autostart        start autostart domains once per host boot
 */
record XenSettings(Path xl, Path configDir, Path stateDir, long commandTimeoutMs, long pollMs, boolean autostart) {
}
