/** The QEMU driver: qemu-system guests over QMP, on the core's registry, state store and event bus. Private. */
package io.jvirt.driver.qemu;
