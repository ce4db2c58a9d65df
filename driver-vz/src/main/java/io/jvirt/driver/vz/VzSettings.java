package io.jvirt.driver.vz;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The driver's configuration (ConfigAdmin PID {@value VzDriver#PID}).
 *
 * @param prlctl         the prlctl executable
 * @param prlsrvctl      the prlsrvctl executable
 * @param commandTimeout how long one prlctl or prlsrvctl call may take (a hung dispatcher must not
 *                       hang jvirt)
 * @param eventPoll      the interval between two readings of the environments' states for events
 */
record VzSettings(Path prlctl, Path prlsrvctl, Duration commandTimeout, Duration eventPoll) {
}
