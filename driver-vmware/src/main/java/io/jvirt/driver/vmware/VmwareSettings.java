package io.jvirt.driver.vmware;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The driver's configuration (ConfigAdmin PID {@value VmwareDriver#PID}).
 *
 * @param vmrun          the vmrun executable
 * @param versionProgram the program asked {@code -v} for the version; null: libvirt's choice, the
 *                       product's program beside vmrun (vmplayer, vmware, vmware-vmx)
 * @param stateDir       where jvirt keeps the list of defined VMs (one file per product)
 * @param commandTimeout how long one vmrun call may take (list, stop, pause, reset)
 * @param startTimeout   how long {@code vmrun start} may take (it waits for the VM to power on)
 * @param eventPoll      the interval between two readings of {@code vmrun list} for events
 */
record VmwareSettings(Path vmrun, Path versionProgram, Path stateDir, Duration commandTimeout, Duration startTimeout,
                      Duration eventPoll) {

    /** The program asked for the version of {@code product}. */
    Path versionProgram(Product product) {
        if (versionProgram != null) {
            return versionProgram;
        }
        // libvirt resolves the link first (virFileResolveLink): the programs sit beside the real vmrun
        Path real = vmrun.toAbsolutePath();
        try {
            real = real.toRealPath();
        } catch (java.io.IOException e) {
            // missing: the path as configured
        }
        Path dir = real.getParent();
        return dir == null ? Path.of(product.versionProgram()) : dir.resolve(product.versionProgram());
    }
}
