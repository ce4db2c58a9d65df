/** libvirt's test driver, in memory, on the core's domain registry and event bus. Private. */
package io.jvirt.driver.test;
