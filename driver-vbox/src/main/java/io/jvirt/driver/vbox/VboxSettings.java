package io.jvirt.driver.vbox;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The driver's configuration (ConfigAdmin PID {@value VboxDriver#PID}).
 *
 * @param vboxManage     the VBoxManage executable
 * @param commandTimeout how long one VBoxManage call may take (a hung VBoxSVC must not hang jvirt)
 * @param startTimeout   how long {@code startvm} and {@code controlvm savestate} may take: both
 *                       wait for VirtualBox's progress object
 * @param eventPoll      the interval between two readings of the machines' states for events
 */
record VboxSettings(Path vboxManage, Duration commandTimeout, Duration startTimeout, Duration eventPoll) {

    static VboxSettings defaults(Path vboxManage) {
        return new VboxSettings(vboxManage, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(1));
    }
}
