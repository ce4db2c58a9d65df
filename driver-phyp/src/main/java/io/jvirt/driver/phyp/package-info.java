/** The PowerVM driver: LPARs of an HMC's managed system or of an IVM, over SSH. Internal. */
package io.jvirt.driver.phyp;
