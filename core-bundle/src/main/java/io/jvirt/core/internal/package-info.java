/** The core's private components: the EventAdmin bridge and the network resolver (PID io.jvirt.network). */
package io.jvirt.core.internal;
