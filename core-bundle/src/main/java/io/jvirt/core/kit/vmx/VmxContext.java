package io.jvirt.core.kit.vmx;

import org.osgi.annotation.versioning.ConsumerType;

import io.jvirt.api.domain.DiskDef;

/**
 * What the VMX converter asks its caller, as libvirt's {@code virVMXContext}: how file names of a
 * .vmx file map to the domain XML's and back, how to detect a SCSI controller's model from a disk,
 * and the datacenter path to show. The ESX driver answers from its server (datastore paths), a
 * Workstation driver would answer with host paths, the conformance tests as libvirt's test
 * programs do.
 */
@ConsumerType
public interface VmxContext {

    /**
     * The domain XML name of a file a .vmx file names (libvirt's {@code parseFileName}).
     *
     * @param allowMissing a file that does not exist is no error: the answer is then null
     *                     (CD-ROM images); otherwise it is refused
     */
    String parseFileName(String vmxFileName, boolean allowMissing);

    /** The .vmx name of a domain XML file name (libvirt's {@code formatFileName}). */
    String formatFileName(String domainFileName);

    /**
     * The SCSI controller model ("lsilogic", ...) of the controller a disk was made for, for a
     * controller whose model is "auto"; null when this context cannot tell (libvirt's
     * {@code autodetectSCSIControllerModel} is then absent and "auto" is refused).
     */
    default String autodetectScsiControllerModel(DiskDef disk) {
        return null;
    }

    /** Whether {@link #autodetectScsiControllerModel} is available at all. */
    default boolean autodetectsScsiControllerModel() {
        return false;
    }

    /** The inventory path of the VM's datacenter, shown as {@code <vmware:datacenterpath>}, or null. */
    default String datacenterPath() {
        return null;
    }
}
