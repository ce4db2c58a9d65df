/** The core's implementation: driver tracking, URI routing, connections and domain handles. Private. */
package io.jvirt.core.internal;
